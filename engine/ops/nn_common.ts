// Shared by the torch.nn.functional ops (nn_*.ts): the reduction argument,
// torch.Size formatting for messages, per-step rounding for kernels that
// emulate ATen's scalar_t loops, and the C++-only scalar overloads that ATen's
// composite losses record (MulBackward1, DivBackward1).
import { castValue, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, valueError, warn } from '../errors/errors.ts';
import { mapUnary } from '../kernels/elementwise.ts';
import { runOp, type OpSpec } from './define.ts';
import { div, mul } from './pointwise_binary.ts';

export type Reduction = 'none' | 'mean' | 'sum';

/** torch.nn._reduction.get_enum: the reduction string, validated. */
export function checkReduction(reduction: string): Reduction {
  if (reduction === 'elementwise_mean') {
    warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.");
    return 'mean';
  }
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') {
    throw valueError(`${reduction} is not a valid value for reduction`);
  }
  return reduction;
}

/** A shape as Python prints torch.Size: torch.Size([3, 1]). */
export function fmtSize(shape: readonly number[]): string {
  return `torch.Size(${fmtShape(shape)})`;
}

/** Rounds to the dtype after every step, as a C++ loop over scalar_t does. */
export function rounder(dtype: DType): (v: number) => number {
  if (dtype === 'float64') return (v) => v;
  if (dtype === 'float32') return Math.fround;
  return (v) => castValue(dtype, v);
}

// Scalar overloads (mul.Scalar, div.Scalar) that only C++ code reaches: Python
// wraps numbers into tensors (MulBackward0, DivBackward0), but ATen's composite
// losses multiply by C++ doubles, which PyTorch records as MulBackward1 and
// DivBackward1. They are not in the table because no Python call produces them.
type ScalarAttrs = { other: number };
const mulScalarSpec: OpSpec<ScalarAttrs> = {
  name: 'mul.Scalar',
  signature: 'mul(input, other: Scalar)',
  gradFn: 'MulBackward1',
  doc: 'input * a C++ scalar.',
  example: '',
  // The scalar is converted to the tensor's dtype first, as ATen's CPU kernels do.
  forward: ([x], { other }) => {
    const b = castValue(x!.dtype, other);
    return { out: mapUnary(x!, x!.dtype, (v) => v * b) };
  },
  backward: (ctx, [g]) => [mul(g!, ctx.attrs.other)],
};
const divScalarSpec: OpSpec<ScalarAttrs> = {
  name: 'div.Scalar',
  signature: 'div(input, other: Scalar)',
  gradFn: 'DivBackward1',
  doc: 'input / a C++ scalar.',
  example: '',
  forward: ([x], { other }) => {
    const b = castValue(x!.dtype, other);
    return { out: mapUnary(x!, x!.dtype, (v) => v / b) };
  },
  backward: (ctx, [g]) => [div(g!, ctx.attrs.other)],
};

/** ATen's `tensor * double` inside C++ composites (MulBackward1). */
export const mulScalarCpp = (x: Tensor, other: number): Tensor => runOp(mulScalarSpec, [x], { other })[0]!;
/** ATen's `tensor / double` inside C++ composites (DivBackward1). */
export const divScalarCpp = (x: Tensor, other: number): Tensor => runOp(divScalarSpec, [x], { other })[0]!;
