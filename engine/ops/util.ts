// Helpers shared by op declarations: scalar operands, type promotion,
// and reducing a broadcast gradient back to an input's shape and dtype.
import { castValue, isFloating, resultType, type DType, type Operand } from '../core/dtype.ts';
import { sameShape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { Storage } from '../core/storage.ts';
import { unscoped } from '../core/scope.ts';
import { contiguousCopy } from '../kernels/elementwise.ts';
import { sumToShape } from '../kernels/reduce_to_shape.ts';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;

/** A Python number as PyTorch wraps it: a 0-dim tensor that promotes like a scalar. */
export function wrapScalar(v: Scalar, dtype?: DType): Tensor {
  const d: DType = dtype ?? (typeof v === 'boolean' ? 'bool' : Number.isInteger(v) && !Object.is(v, -0) ? 'int64' : 'float64');
  const t = new Tensor(Storage.untracked(d, 1), []);
  t.storage.data[0] = castValue(d, typeof v === 'boolean' ? Number(v) : v);
  t.wrappedNumber = true;
  return t;
}

export function promote(...ts: Tensor[]): DType {
  return resultType(ts.map(operandOf));
}

function operandOf(t: Tensor): Operand {
  if (!t.wrappedNumber) return { kind: 'tensor', dtype: t.dtype, dim: t.ndim };
  // Only the category of a wrapped number matters for promotion.
  if (t.dtype === 'bool') return { kind: 'scalar', value: true };
  if (isFloating(t.dtype)) return { kind: 'scalar', value: 0.5 };
  return { kind: 'scalar', value: 1 };
}

/** Runs fn with tensor operands, wrapping Python numbers and releasing the wrappers afterwards. */
export function withTensors<T>(values: readonly TensorOrScalar[], fn: (ts: Tensor[]) => T): T {
  let allTensors = true;
  for (const v of values) if (!(v instanceof Tensor)) allTensors = false;
  if (allTensors) return fn(values as Tensor[]);
  const wrapped: Tensor[] = [];
  const ts = values.map((v) => {
    if (v instanceof Tensor) return v;
    // Owned by this call alone (released below), so kept out of any enclosing scope.
    const w = unscoped(() => wrapScalar(v));
    wrapped.push(w);
    return w;
  });
  try {
    return fn(ts);
  } finally {
    for (const w of wrapped) w.release();
  }
}

/** The gradient for an input: summed over broadcast dimensions and cast back to its dtype. */
export function reduceGrad(g: Tensor, meta: { shape: readonly number[]; dtype: DType }): Tensor {
  let out = sameShape(g.shape, meta.shape) ? g : sumToShape(g, meta.shape);
  if (out.dtype !== meta.dtype && isFloating(meta.dtype)) out = contiguousCopy(out, meta.dtype);
  return out;
}
