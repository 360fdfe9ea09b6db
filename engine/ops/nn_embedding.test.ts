// embedding and one_hot: 2.x's saved tensors and messages, double backward,
// max_norm's in-place renormalization. Values and gradients against PyTorch
// are in nn_fixtures.test.ts.
import { describe, expect, it } from 'vitest';
import { runBackward } from '../autograd/backward.ts';
import { ledger } from '../memory/ledger.ts';
import { embedding, oneHot } from './nn_embedding.ts';
import { leafOf, savedBytesOf, tensorOf } from './nn_test_helpers.ts';

describe('embedding', () => {
  it('saves only the indices (EmbeddingBackward0 in PyTorch 2.x keeps weight.size(0), not weight)', () => {
    const w = leafOf(Array.from({ length: 12 }, (_, i) => i), [4, 3], 'float32');
    const idx = tensorOf([3, 0, 3], [3], 'int64');
    const out = embedding(idx, w);
    expect(out.gradFn?.name).toBe('EmbeddingBackward0');
    expect(out.shape).toEqual([3, 3]);
    expect(savedBytesOf(out)).toEqual([24]);
    for (const t of [out, idx, w]) t.release();
  });

  it('double backward goes through embedding_dense_backward, zero on padding_idx rows', () => {
    const before = ledger.allocated;
    const w = leafOf(Array.from({ length: 8 }, (_, i) => i / 2), [4, 2]);
    const idx = tensorOf([1, 2, 1], [3], 'int64');
    const out = embedding(idx, w, 2);
    const g = leafOf([1, 2, 3, 4, 5, 6], [3, 2]);
    const [gw] = runBackward([out], [g], { inputs: [w], createGraph: true });
    expect(gw!.gradFn?.name).toBe('EmbeddingDenseBackwardBackward0');
    expect(gw!.toArray()).toEqual([0, 0, 6, 8, 0, 0, 0, 0]);
    const u = tensorOf([1, 1, 1, 1, 1, 1, 1, 1], [4, 2]);
    const [gg] = runBackward([gw!], [u], { inputs: [g] });
    expect(gg!.toArray()).toEqual([1, 1, 0, 0, 1, 1]);
    for (const t of [w, idx, out, g, gw!, u, gg!]) t.release();
    expect(ledger.allocated).toBe(before);
  });

  it('max_norm renormalizes the picked rows of weight in place', () => {
    const w = tensorOf([3, 4, 0.3, 0.4, 6, 8], [3, 2]);
    const idx = tensorOf([0, 1], [2], 'int64');
    const out = embedding(idx, w, null, 1);
    const rows = w.toArray();
    expect(rows[0]! / rows[1]!).toBeCloseTo(0.75, 12);
    expect(Math.hypot(rows[0]!, rows[1]!)).toBeCloseTo(1, 6);
    expect(rows.slice(2)).toEqual([0.3, 0.4, 6, 8]); // under max_norm, or not picked
    expect(w.version.value).toBe(1);
    for (const t of [out, idx, w]) t.release();
  });

  it('checks padding_idx against num_embeddings', () => {
    const w = tensorOf([1, 2, 3, 4], [2, 2]);
    const idx = tensorOf([0], [1], 'int64');
    expect(() => embedding(idx, w, 2)).toThrow('Padding_idx must be within num_embeddings');
    expect(() => embedding(idx, w, -3)).toThrow('Padding_idx must be within num_embeddings');
    w.release();
    idx.release();
  });
});

describe('one_hot', () => {
  it("uses PyTorch 2.x's message for non-int64 input", () => {
    const x = tensorOf([0, 1], [2], 'int32');
    expect(() => oneHot(x)).toThrow('one_hot is only applicable to index tensor of type LongTensor.');
    x.release();
  });

  it('is int64 of shape [..., num_classes] and never requires grad', () => {
    const x = tensorOf([2, 0], [2], 'int64');
    const out = oneHot(x);
    expect(out.dtype).toBe('int64');
    expect(out.toArray()).toEqual([0, 0, 1, 1, 0, 0]);
    expect(out.requiresGrad).toBe(false);
    out.release();
    x.release();
  });
});
