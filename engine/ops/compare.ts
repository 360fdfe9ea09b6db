// Comparisons and logical ops: bool results, never differentiable.
import { Tensor } from '../core/tensor.ts';
import { mapBinary, mapUnary } from '../kernels/elementwise.ts';
import { fastBinary, type BinaryScalar } from '../kernels/elementwise_fast.ts';
import { eqRows, geRows, gtRows, leRows, ltRows, neRows } from '../kernels/elementwise_rows_compare.ts';
import { defineOp, run1, type Op } from './define.ts';
import { promote, withTensors, type TensorOrScalar } from './util.ts';

type NoAttrs = Record<string, never>;

/** `values` gives 1 where the relation holds, else 0. */
function comparison(name: string, values: BinaryScalar, example: string): Op<NoAttrs> {
  return defineOp<NoAttrs>({
    name,
    signature: `${name}(input, other, *, out=None)`,
    doc: `Elementwise ${name}, broadcast; a bool tensor.`,
    example,
    forward: ([a, b]) => {
      promote(a!, b!); // validates the pair as PyTorch does
      return { out: mapBinary(a!, b!, 'bool', values) };
    },
  });
}

// The relations with fast rows (Note [Fast elementwise rows]): 0/1 results, so a bool store is a plain one.
const zeroOne = { zeroOne: true };
const eqValues = fastBinary((x: number, y: number) => (x === y ? 1 : 0), eqRows, zeroOne);
const neValues = fastBinary((x: number, y: number) => (x !== y ? 1 : 0), neRows, zeroOne);
const ltValues = fastBinary((x: number, y: number) => (x < y ? 1 : 0), ltRows, zeroOne);
const leValues = fastBinary((x: number, y: number) => (x <= y ? 1 : 0), leRows, zeroOne);
const gtValues = fastBinary((x: number, y: number) => (x > y ? 1 : 0), gtRows, zeroOne);
const geValues = fastBinary((x: number, y: number) => (x >= y ? 1 : 0), geRows, zeroOne);

const eqOp = comparison('eq', eqValues, 'torch.eq(torch.tensor([1, 2]), 2)');
const neOp = comparison('ne', neValues, 'torch.ne(torch.tensor([1, 2]), 2)');
const ltOp = comparison('lt', ltValues, 'torch.lt(torch.tensor([1, 2]), 2)');
const leOp = comparison('le', leValues, 'torch.le(torch.tensor([1, 2]), 2)');
const gtOp = comparison('gt', gtValues, 'torch.gt(torch.tensor([1, 2]), 1)');
const geOp = comparison('ge', geValues, 'torch.ge(torch.tensor([1, 2]), 2)');
const andOp = comparison('logical_and', (x, y) => (x !== 0 && y !== 0 ? 1 : 0), 'torch.logical_and(torch.tensor([True, False]), True)');
const orOp = comparison('logical_or', (x, y) => (x !== 0 || y !== 0 ? 1 : 0), 'torch.logical_or(torch.tensor([True, False]), False)');
const xorOp = comparison('logical_xor', (x, y) => ((x !== 0) !== (y !== 0) ? 1 : 0), 'torch.logical_xor(torch.tensor([True, False]), True)');

const notOp = defineOp<NoAttrs>({
  name: 'logical_not',
  signature: 'logical_not(input, *, out=None)',
  doc: 'Elementwise logical not; a bool tensor.',
  example: 'torch.logical_not(torch.tensor([True, False]))',
  forward: ([x]) => ({ out: mapUnary(x!, 'bool', (v) => (v === 0 ? 1 : 0)) }),
});

const isnanOp = defineOp<NoAttrs>({
  name: 'isnan',
  signature: 'isnan(input)',
  doc: 'Which elements are NaN.',
  example: "torch.isnan(torch.tensor([1., float('nan')]))",
  forward: ([x]) => ({ out: mapUnary(x!, 'bool', (v) => (Number.isNaN(v) ? 1 : 0)) }),
});

const isinfOp = defineOp<NoAttrs>({
  name: 'isinf',
  signature: 'isinf(input)',
  doc: 'Which elements are +inf or -inf.',
  example: "torch.isinf(torch.tensor([1., float('inf')]))",
  forward: ([x]) => ({ out: mapUnary(x!, 'bool', (v) => (v === Infinity || v === -Infinity ? 1 : 0)) }),
});

const isfiniteOp = defineOp<NoAttrs>({
  name: 'isfinite',
  signature: 'isfinite(input)',
  doc: 'Which elements are finite.',
  example: "torch.isfinite(torch.tensor([1., float('inf')]))",
  forward: ([x]) => ({ out: mapUnary(x!, 'bool', (v) => (Number.isFinite(v) ? 1 : 0)) }),
});

const cmp = (op: Op<NoAttrs>) => (a: TensorOrScalar, b: TensorOrScalar) => withTensors([a, b], (ts) => run1(op, ts, {}));
export const eq = cmp(eqOp);
export const ne = cmp(neOp);
export const lt = cmp(ltOp);
export const le = cmp(leOp);
export const gt = cmp(gtOp);
export const ge = cmp(geOp);
export const logicalAnd = cmp(andOp);
export const logicalOr = cmp(orOp);
export const logicalXor = cmp(xorOp);
export const logicalNot = (x: Tensor) => run1(notOp, [x], {});
export const isnan = (x: Tensor) => run1(isnanOp, [x], {});
export const isinf = (x: Tensor) => run1(isinfOp, [x], {});
export const isfinite = (x: Tensor) => run1(isfiniteOp, [x], {});
