import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { tidy } from '../core/scope.ts';
import { mul } from '../ops/pointwise_binary.ts';
import { exp } from '../ops/pointwise_unary.ts';
import { sum } from '../ops/reduce.ts';
import { runBackward } from '../autograd/backward.ts';
import { heldBytes } from './held_bytes.ts';
import { retainedBytes, retainedBytesOf } from './retained.ts';
import { heldBy } from './why_alive.ts';
import { ledger } from './ledger.ts';

function filled(n: number, requiresGrad = false): Tensor {
  const t = Tensor.empty([n]);
  t.storage.data.fill(0.5);
  t.leafRequiresGrad = requiresGrad;
  return t;
}

describe('what a name keeps alive', () => {
  it("heldBytes gives heldBy's totals without the chains", () => {
    const w = filled(8, true);
    const x = filled(8);
    const loss = tidy(() => sum(exp(mul(x, w))));
    const report = heldBy(loss);
    expect(heldBytes(loss)).toEqual({ totalBytes: report.totalBytes, savedBytes: report.savedBytes });
    // loss; w (through AccumulateGrad); x, which mul saves for w's gradient; exp's saved result
    expect(heldBytes(loss)).toEqual({ totalBytes: 4 + 32 + 32 + 32, savedBytes: 32 + 32 });
    for (const t of [loss, x, w]) t.release();
  });

  it('retainedBytes is what releasing the name frees: the graph and what only it saves, not what others hold', () => {
    const w = filled(8, true);
    const x = filled(8);
    const loss = tidy(() => sum(exp(mul(x, w))));
    const before = ledger.allocated;
    const expected = retainedBytes(loss);
    expect(expected).toBe(4 + 32); // loss itself and exp's saved result; x and w are held by their own names
    expect(retainedBytesOf([loss, x])).toEqual([36, 0]); // x's own name goes, but mul's saved slot keeps x
    loss.release();
    expect(before - ledger.allocated).toBe(expected);
    for (const t of [x, w]) t.release();
  });

  it('counts nothing when another owner holds the tensor too, and the freed graph after backward', () => {
    const w = filled(8, true);
    const loss = tidy(() => sum(exp(w)));
    const alias = loss.retain(); // a second outside owner (another Python wrapper would hold the same way)
    expect(retainedBytes(loss)).toBe(0);
    alias.release();
    expect(retainedBytes(loss)).toBe(4 + 32);
    const one = Tensor.empty([]);
    one.storage.data.fill(1);
    runBackward([loss], [one]);
    expect(retainedBytes(loss)).toBe(4); // backward freed exp's result; w and its .grad stay with w
    for (const t of [one, loss, w]) t.release();
  });
});
