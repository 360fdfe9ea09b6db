// Dropout called inside a scope (a composite forward, the reference CNN's
// tidy) must behave as it does called directly: its noise is saved for
// backward and outlives the scope. Released by hand and by the scope, the
// noise left the ledger early and its array could be recycled for another
// tensor before backward read it (Note [Recycled arrays]).
import { expect, it } from 'vitest';
import { defaultGenerator } from '../core/random.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { ledger } from '../memory/ledger.ts';
import { alphaDropout, dropout, dropout1d, dropout2d } from './nn_dropout.ts';

function filled(shape: readonly number[], value: number): Tensor {
  const t = Tensor.empty(shape);
  t.storage.data.fill(value);
  return t;
}

/** Bytes held after the forward and after backward, and the input's gradient. */
function run(drop: (x: Tensor) => Tensor, shape: readonly number[], scoped: boolean) {
  defaultGenerator.manualSeed(7);
  const x = filled(shape, 3);
  x.leafRequiresGrad = true;
  const before = ledger.allocated;
  const out = scoped ? tidy(() => drop(x)) : drop(x);
  const heldAfterForward = ledger.allocated - before;
  const g = filled(out.shape, 1);
  runBackward([out], [g]);
  g.release();
  out.release();
  const heldAfterBackward = ledger.allocated - before;
  const grad = x.grad!.toArray();
  x.release();
  return { heldAfterForward, heldAfterBackward, grad, outBytes: out.storage.nbytes };
}

it.each([
  ['dropout', (x: Tensor) => dropout(x, 0.5), [64, 50]],
  ['dropout2d', (x: Tensor) => dropout2d(x, 0.5), [4, 6, 3, 3]],
  ['dropout1d without a batch dimension', (x: Tensor) => dropout1d(x, 0.5), [6, 5]],
  ['alpha_dropout', (x: Tensor) => alphaDropout(x, 0.5, true), [8, 9]],
  ['dropout with p=1', (x: Tensor) => dropout(x, 1), [5]],
] as const)('%s inside a scope holds and frees what it does outside one', (_, drop, shape) => {
  const direct = run(drop, shape, false);
  const scoped = run(drop, shape, true);
  expect(scoped).toEqual(direct);
  expect(scoped.heldAfterForward).toBeGreaterThan(scoped.outBytes); // the saved noise is still there
});
