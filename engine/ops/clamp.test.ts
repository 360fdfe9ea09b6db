// Values, node names, gradients and messages from real PyTorch (math_004,
// grad_004 conformance cases and torch 1.13 runs). Gradient checks by central
// differences run for every sample in test/gradcheck.
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { ledger } from '../memory/ledger.ts';
import { runBackward } from '../autograd/backward.ts';
import { clamp, clampMax, clampMin } from './clamp.ts';
import { ones, tensor } from './creation.ts';
import { wrapScalar } from './util.ts';

const f32 = (v: number[], requiresGrad = false) => tensor(v, { hasFloat: true, requiresGrad });

/** Runs fn, then releases what it kept and checks the ledger is back where it was. */
function balanced(fn: (keep: <T extends Tensor>(t: T) => T) => void): void {
  const before = ledger.allocated;
  const kept: Tensor[] = [];
  fn((t) => (kept.push(t), t));
  for (const t of kept) t.release();
  expect(ledger.allocated).toBe(before);
}

/** backward(grad) from `y`; returns the .grad values of `leaves`. */
function grads(y: Tensor, g: Tensor, leaves: Tensor[]): (number[] | null)[] {
  runBackward([y], [g]);
  return leaves.map((l) => l.grad?.toArray() ?? null);
}

describe('clamp values (math_004_clamp_variants)', () => {
  it('clamps with number bounds', () => {
    balanced((k) => {
      const x = k(f32([-2.0, -0.5, 0.0, 0.5, 2.0]));
      expect(k(clamp(x, -1, 1)).toArray()).toEqual([-1, -0.5, 0, 0.5, 1]);
      expect(k(clamp(x, 0)).toArray()).toEqual([0, 0, 0, 0.5, 2]);
      expect(k(clamp(x, null, 0)).toArray()).toEqual([-2, -0.5, 0, 0, 0]);
      expect(k(clamp(x, 1, -1)).toArray()).toEqual([-1, -1, -1, -1, -1]); // min > max: everything is max
      expect(k(clamp(k(f32([0.69, 0.7, 0.71])), 0.7)).toArray()).toEqual([0.699999988079071, 0.699999988079071, 0.7099999785423279]);
      expect(k(clamp(k(f32([1, NaN, 3])), 0, 2)).toArray()).toEqual([1, NaN, 2]);
    });
  });

  it('promotes integer inputs by the bounds', () => {
    balanced((k) => {
      const i = k(tensor([1, 5, 9]));
      expect([k(clamp(i, 2, 6)).toArray(), k(clamp(i, 2, 6)).dtype]).toEqual([[2, 5, 6], 'int64']);
      expect(k(clamp(k(tensor([1, 5, 9], { dtype: 'int32' })), 2, 6)).dtype).toBe('int32');
      const p = k(clamp(i, 2.5, 6));
      expect([p.toArray(), p.dtype]).toEqual([[2.5, 5, 6], 'float32']);
      const w = k(wrapScalar(2, 'float64')); // the Python float 2.0
      expect(k(clamp(i, w)).dtype).toBe('float32');
    });
  });

  it('clamps with tensor bounds, broadcasting', () => {
    balanced((k) => {
      const x = k(f32([-2.0, -0.5, 0.0, 0.5, 2.0]));
      expect(k(clamp(x, k(tensor(-1, { hasFloat: true })), k(tensor(1, { hasFloat: true })))).toArray()).toEqual([-1, -0.5, 0, 0.5, 1]);
      const y = k(clamp(k(f32([1, 2])), null, k(tensor([[0], [5]], { hasFloat: true }))));
      expect([y.shape, y.toArray()]).toEqual([[2, 2], [0, 0, 1, 2]]);
      expect(k(clamp(k(f32([1, 2])), k(tensor([NaN, 0])), 0.5)).toArray()).toEqual([NaN, 0.5]);
    });
  });

  it('raises when both bounds are missing', () => {
    balanced((k) => {
      const x = k(f32([1]));
      expect(() => clamp(x)).toThrow("torch.clamp: At least one of 'min' or 'max' must not be None");
      expect(() => clamp(x, null, null)).toThrow("torch.clamp: At least one of 'min' or 'max' must not be None");
    });
  });

  it('checks number bounds against the dtype', () => {
    balanced((k) => {
      expect(() => clamp(k(tensor([0, 1], { dtype: 'uint8' })), 300)).toThrow('value cannot be converted to type uint8_t without overflow');
    });
  });
});

describe('clamp autograd', () => {
  it('records ClampBackward1 for numbers, ClampBackward0 for tensors', () => {
    balanced((k) => {
      const x = k(f32([-2, -0.5, 0, 0.5, 2], true));
      expect(k(clamp(x, -1, 1)).gradFn?.name).toBe('ClampBackward1');
      expect(k(clamp(x, 0)).gradFn?.name).toBe('ClampBackward1');
      const lo = k(tensor(-1, { hasFloat: true }));
      const y = k(clamp(x, lo, 1));
      expect(y.gradFn?.name).toBe('ClampBackward0');
      // One edge per argument, None for bounds without grad (next_functions).
      expect(y.gradFn?.next.map((e) => e?.node.name ?? null)).toEqual(['AccumulateGrad', null, null]);
      expect(k(clampMin(x, 0)).gradFn?.name).toBe('ClampMinBackward0');
      expect(k(clampMax(x, 0)).gradFn?.name).toBe('ClampMaxBackward0');
      expect(k(clampMin(x, lo)).gradFn?.name).toBe('ClampMinBackward1');
      expect(k(clampMax(x, lo)).gradFn?.name).toBe('ClampMaxBackward1');
    });
  });

  it('passes the gradient on [min, max] inclusive (grad_004_clamp_abs_boundaries)', () => {
    balanced((k) => {
      const x = k(f32([-1.0, 0.0, 0.5, 1.0, 2.0], true));
      expect(grads(k(clamp(x, 0, 1)), k(ones([5])), [x])).toEqual([[0, 1, 1, 1, 0]]);
      const y = k(f32([0.7, 0.8], true)); // the bound rounded to float32 still counts as inside
      expect(grads(k(clamp(y, 0.7)), k(ones([2])), [y])).toEqual([[1, 1]]);
    });
  });

  it('gives tensor bounds their gradients (clamp_backward_min_max)', () => {
    balanced((k) => {
      const x = k(f32([-2, -0.5, 0, 0.5, 2], true));
      const lo = k(f32([-1, 0, 0, 1, 3], true));
      const hi = k(f32([1, 0, -1, 1, 2], true));
      expect(grads(k(clamp(x, lo, hi)), k(ones([5])), [x, lo, hi])).toEqual([
        [0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0],
        [0, 0, 1, 0, 1],
      ]);
    });
    balanced((k) => {
      const x = k(f32([-2, -0.5, 0, 0.5, 2], true));
      const lo = k(f32([-1], true)); // broadcast: its gradient is summed
      expect(grads(k(clamp(x, lo)), k(ones([5])), [x, lo])).toEqual([[0, 1, 1, 1, 1], [1]]);
    });
  });

  it('clamp_min / clamp_max with tensors', () => {
    balanced((k) => {
      const x = k(f32([-2, -0.5, 0, 0.5, 2], true));
      const m = k(f32([-1, 0, 0, 0, 3], true));
      const y = k(clampMin(x, m));
      expect(y.toArray()).toEqual([-1, 0, 0, 0.5, 3]);
      expect(grads(y, k(f32([1, 2, 3, 4, 5])), [x, m])).toEqual([[0, 0, 3, 4, 0], [1, 2, 0, 0, 5]]);
    });
    balanced((k) => {
      const x = k(f32([-2, -0.5, 0, 0.5, 2], true));
      const y = k(clampMax(x, 0.5));
      expect(y.toArray()).toEqual([-2, -0.5, 0, 0.5, 0.5]);
      expect(grads(y, k(ones([5])), [x])).toEqual([[1, 1, 1, 1, 0]]);
    });
  });
});
