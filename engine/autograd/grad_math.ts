// The few tensor operations the backward engine itself needs, written on the
// kernels directly so the engine does not depend on the op table.
import { Tensor } from '../core/tensor.ts';
import { contiguousCopy, mapBinary, updateInPlace } from '../kernels/elementwise.ts';
import { fastBinary } from '../kernels/elementwise_fast.ts';
import { addRows } from '../kernels/elementwise_rows_binary.ts';

/** Gradient sums' scalar function, with fast rows (Note [Fast elementwise rows]). */
const addValues = fastBinary((x: number, y: number) => x + y, addRows);

export function onesLike(t: Tensor): Tensor {
  const out = Tensor.empty(t.shape, t.dtype);
  out.storage.data.fill(1);
  return out;
}

export function sumTensors(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, a.dtype, addValues);
}

export function cloneTensor(t: Tensor): Tensor {
  return contiguousCopy(t);
}

/** grad += g, in place (the grad was not saved by anyone, so no version bump matters). */
export function addInto(grad: Tensor, g: Tensor): void {
  updateInPlace(grad, g, addValues);
  grad.version.value++;
}
