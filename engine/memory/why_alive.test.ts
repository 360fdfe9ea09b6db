import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { tidy } from '../core/scope.ts';
import { add, mul } from '../ops/pointwise_binary.ts';
import { exp } from '../ops/pointwise_unary.ts';
import { runBackward } from '../autograd/backward.ts';
import { heldBy, whyAlive } from './why_alive.ts';
import { ledger } from './ledger.ts';

describe('why is this alive', () => {
  it('follows name -> tensor -> grad_fn -> saved tensor -> storage', () => {
    const w = Tensor.empty([4]);
    w.leafRequiresGrad = true;
    w.label = 'w';
    const loss = tidy(() => add(exp(mul(w, 3)), 1));
    loss.label = 'running_loss';
    const report = heldBy(loss);
    // exp saves its result: a storage only the graph keeps.
    const savedChain = report.chains.find((c) => c.some((s) => s.via === 'saved' && s.kind === 'tensor') && c.some((s) => s.label === 'ExpBackward0'));
    expect(savedChain?.map((s) => s.via)).toEqual(['root', 'grad_fn', 'next_functions', 'saved', 'storage']);
    expect(report.savedBytes).toBe(16); // exp's result (mul's saved 3 is a host scalar, outside the ledger)
    expect(savedChain![3]).toMatchObject({ kind: 'tensor', slot: 'result', shape: [4], dtype: 'float32' }); // _saved_result
    const leafChain = report.chains.find((c) => c.some((s) => s.via === 'variable'))!;
    expect(leafChain[leafChain.length - 2]).toMatchObject({ name: 'w', shape: [4] });
    const expStorage = savedChain![savedChain!.length - 1]!.id;
    const roots = whyAlive(expStorage);
    expect(roots.length).toBe(1);
    expect(roots[0]![0]!.label).toContain('running_loss');

    const ones = Tensor.empty([4]);
    ones.storage.data.fill(1);
    runBackward([loss], [ones]);
    expect(heldBy(loss).savedBytes).toBe(0); // backward freed what the graph saved
    for (const t of [ones, loss, w]) t.release();
  });

  it('accounts every byte back to zero', () => {
    const before = ledger.allocated;
    const x = Tensor.empty([8]);
    x.leafRequiresGrad = true;
    const y = tidy(() => exp(exp(x)));
    y.release();
    x.release();
    expect(ledger.allocated).toBe(before);
  });
});
