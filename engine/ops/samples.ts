// Sample inputs for gradient checks and PyTorch fixtures: float64 tensors
// from a fixed stream, so every run (and the fixture recorder) sees the same values.
import { Tensor } from '../core/tensor.ts';
import { numel } from '../core/shape.ts';
import type { DType } from '../core/dtype.ts';

let state = 0x2545f491;
function next(): number {
  // xorshift32: tiny, deterministic, good enough for test inputs.
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}

export function resetSampleStream(seed = 0x2545f491): void {
  state = seed;
}

export type Domain = 'positive' | 'unit' | 'away-from-zero' | 'probability' | undefined;

function draw(domain: Domain): number {
  const u = next();
  switch (domain) {
    case 'positive':
      return 0.5 + 1.5 * u;
    case 'unit':
      return -0.9 + 1.8 * u;
    case 'probability':
      return 0.1 + 0.8 * u;
    case 'away-from-zero': {
      const m = 0.3 + 1.2 * u;
      return next() < 0.5 ? -m : m;
    }
    default:
      return -2 + 4 * u;
  }
}

/**
 * A float64 tensor of `shape` with values in `domain`. With `transposed`, the
 * tensor is built as the transpose of a contiguous one, so it is not contiguous.
 */
export function randomSample(shape: number[], domain?: Domain, opts: { transposed?: boolean; dtype?: DType } = {}): Tensor {
  const dtype = opts.dtype ?? 'float64';
  if (opts.transposed && shape.length >= 2) {
    const n = shape.length;
    const physical = [...shape.slice(0, n - 2), shape[n - 1]!, shape[n - 2]!];
    const base = Tensor.empty(physical, dtype);
    const d = base.storage.data;
    for (let i = 0; i < d.length; i++) d[i] = draw(domain);
    const strides = [...base.strides];
    [strides[n - 1], strides[n - 2]] = [strides[n - 2]!, strides[n - 1]!];
    const view = new Tensor(base.storage, shape, strides, 0);
    base.release();
    return view;
  }
  const t = Tensor.empty(shape, dtype);
  const d = t.storage.data;
  for (let i = 0; i < numel(shape); i++) d[i] = draw(domain);
  return t;
}

/** An integer tensor with values in [0, high). */
export function randomIndices(shape: number[], high: number): Tensor {
  const t = Tensor.empty(shape, 'int64');
  const d = t.storage.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.floor(next() * high);
  return t;
}
