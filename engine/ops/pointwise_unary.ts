// Unary elementwise ops: one row per op — kernel, derivative, what it saves.
import { getDefaultDtype, isFloating, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { mapUnary } from '../kernels/elementwise.ts';
import { fastUnary } from '../kernels/elementwise_fast.ts';
import { negRows, reluRows } from '../kernels/elementwise_rows.ts';
import { expRows, logRows, sqrtRows } from '../kernels/elementwise_rows_math.ts';
import { defineOp, run1, type Op, type Sample } from './define.ts';
import { randomSample } from './samples.ts';
import { add, div, mul, mulScalar, sub, where } from './pointwise_binary.ts';
import { gt } from './compare.ts';

interface UnaryRow {
  name: string;
  gradFn: string;
  f: (x: number) => number;
  /** Saves the input ("self") or the output ("result") for the derivative. */
  saves: 'self' | 'result' | 'none';
  /** d(out)/d(in) times grad, from the saved tensor. */
  grad: (g: Tensor, saved: Tensor) => Tensor;
  /** Integer inputs produce floats (exp of an int tensor is float). */
  floatResult: boolean;
  /** The float32 kernel where float32 intermediates change the result (sigmoid's exp overflows). */
  f32?: (x: number) => number;
  /** Keep sample inputs in the op's domain. */
  domain?: 'positive' | 'unit' | 'away-from-zero';
  example: string;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
// Scalar functions with fast rows (Note [Fast elementwise rows]).
const negValues = fastUnary((x: number) => -x, negRows);
const reluValues = fastUnary((x: number) => (x > 0 ? x : Number.isNaN(x) ? x : 0), reluRows);
const expValues = fastUnary((x: number) => Math.exp(x), expRows);
const logValues = fastUnary((x: number) => Math.log(x), logRows);
const sqrtValues = fastUnary((x: number) => Math.sqrt(x), sqrtRows);
const ones = (g: Tensor) => g;

const ROWS: UnaryRow[] = [
  { name: 'neg', gradFn: 'NegBackward0', f: negValues, saves: 'none', grad: (g) => mulScalar(g, -1), floatResult: false, example: 'torch.neg(torch.tensor([1., -2.]))' },
  { name: 'exp', gradFn: 'ExpBackward0', f: expValues, saves: 'result', grad: (g, r) => mul(g, r), floatResult: true, example: 'torch.exp(torch.tensor([0., 1.]))' },
  { name: 'log', gradFn: 'LogBackward0', f: logValues, saves: 'self', grad: (g, x) => div(g, x), floatResult: true, domain: 'positive', example: 'torch.log(torch.tensor([1., 2.]))' },
  { name: 'log2', gradFn: 'Log2Backward0', f: Math.log2, saves: 'self', grad: (g, x) => div(g, mulScalar(x, Math.LN2)), floatResult: true, domain: 'positive', example: 'torch.log2(torch.tensor([1., 8.]))' },
  { name: 'log10', gradFn: 'Log10Backward0', f: Math.log10, saves: 'self', grad: (g, x) => div(g, mulScalar(x, Math.LN10)), floatResult: true, domain: 'positive', example: 'torch.log10(torch.tensor([1., 100.]))' },
  { name: 'log1p', gradFn: 'Log1PBackward0', f: Math.log1p, saves: 'self', grad: (g, x) => div(g, addScalar(x, 1)), floatResult: true, domain: 'positive', example: 'torch.log1p(torch.tensor([0., 1.]))' },
  { name: 'expm1', gradFn: 'Expm1Backward0', f: Math.expm1, saves: 'result', grad: (g, r) => mul(g, addScalar(r, 1)), floatResult: true, example: 'torch.expm1(torch.tensor([0., 1.]))' },
  { name: 'sqrt', gradFn: 'SqrtBackward0', f: sqrtValues, saves: 'result', grad: (g, r) => div(g, mulScalar(r, 2)), floatResult: true, domain: 'positive', example: 'torch.sqrt(torch.tensor([4., 9.]))' },
  { name: 'rsqrt', gradFn: 'RsqrtBackward0', f: (x) => 1 / Math.sqrt(x), saves: 'result', grad: (g, r) => mul(g, mulScalar(mul(r, mul(r, r)), -0.5)), floatResult: true, domain: 'positive', example: 'torch.rsqrt(torch.tensor([4., 16.]))' },
  { name: 'sin', gradFn: 'SinBackward0', f: Math.sin, saves: 'self', grad: (g, x) => mul(g, unary('cos', x)), floatResult: true, example: 'torch.sin(torch.tensor([0., 1.]))' },
  { name: 'cos', gradFn: 'CosBackward0', f: Math.cos, saves: 'self', grad: (g, x) => mul(g, mulScalar(unary('sin', x), -1)), floatResult: true, example: 'torch.cos(torch.tensor([0., 1.]))' },
  { name: 'tan', gradFn: 'TanBackward0', f: Math.tan, saves: 'result', grad: (g, r) => mul(g, addScalar(mul(r, r), 1)), floatResult: true, domain: 'unit', example: 'torch.tan(torch.tensor([0., 1.]))' },
  { name: 'tanh', gradFn: 'TanhBackward0', f: Math.tanh, saves: 'result', grad: (g, r) => mul(g, rsubScalar(mul(r, r), 1)), floatResult: true, example: 'torch.tanh(torch.tensor([0., 1.]))' },
  { name: 'sigmoid', gradFn: 'SigmoidBackward0', f: sigmoid, f32: (x) => 1 / (1 + Math.fround(Math.exp(-x))), saves: 'result', grad: (g, r) => mul(g, mul(r, rsubScalar(r, 1))), floatResult: true, example: 'torch.sigmoid(torch.tensor([0., 1.]))' },
  { name: 'relu', gradFn: 'ReluBackward0', f: reluValues, saves: 'result', grad: (g, r) => maskPositive(g, r), floatResult: false, domain: 'away-from-zero', example: 'torch.relu(torch.tensor([-1., 2.]))' },
  { name: 'abs', gradFn: 'AbsBackward0', f: Math.abs, saves: 'self', grad: (g, x) => mul(g, unary('sign', x)), floatResult: false, domain: 'away-from-zero', example: 'torch.abs(torch.tensor([-1., 2.]))' },
  { name: 'sign', gradFn: 'SignBackward0', f: (x) => (Number.isNaN(x) ? 0 : Math.sign(x) + 0), saves: 'none', grad: (g) => mulScalar(g, 0), floatResult: false, domain: 'away-from-zero', example: 'torch.sign(torch.tensor([-3., 0., 2.]))' },
  { name: 'reciprocal', gradFn: 'ReciprocalBackward0', f: (x) => 1 / x, saves: 'result', grad: (g, r) => mul(g, mulScalar(mul(r, r), -1)), floatResult: true, domain: 'away-from-zero', example: 'torch.reciprocal(torch.tensor([2., 4.]))' },
  { name: 'floor', gradFn: 'FloorBackward0', f: Math.floor, saves: 'none', grad: (g) => mulScalar(g, 0), floatResult: false, domain: 'away-from-zero', example: 'torch.floor(torch.tensor([1.5, -1.5]))' },
  { name: 'ceil', gradFn: 'CeilBackward0', f: Math.ceil, saves: 'none', grad: (g) => mulScalar(g, 0), floatResult: false, domain: 'away-from-zero', example: 'torch.ceil(torch.tensor([1.5, -1.5]))' },
  { name: 'trunc', gradFn: 'TruncBackward0', f: Math.trunc, saves: 'none', grad: (g) => mulScalar(g, 0), floatResult: false, domain: 'away-from-zero', example: 'torch.trunc(torch.tensor([1.5, -1.5]))' },
  { name: 'round', gradFn: 'RoundBackward0', f: roundHalfEven, saves: 'none', grad: (g) => mulScalar(g, 0), floatResult: false, domain: 'away-from-zero', example: 'torch.round(torch.tensor([0.5, 1.5, 2.4]))' },
  { name: 'frac', gradFn: 'FracBackward0', f: (x) => x - Math.trunc(x), saves: 'none', grad: ones, floatResult: false, domain: 'away-from-zero', example: 'torch.frac(torch.tensor([1.5, -1.25]))' },
];

/** Round half to even, as C's nearbyint (torch.round). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

function maskPositive(g: Tensor, r: Tensor): Tensor {
  const zero = Tensor.empty([], g.dtype);
  const mask = gt(r, zero);
  return where(mask, g, zero);
}

function sampleFor(row: UnaryRow): () => Sample<Record<string, never>>[] {
  return () => [
    { inputs: [randomSample([3, 4], row.domain)], attrs: {} },
    { inputs: [randomSample([4, 3], row.domain, { transposed: true })], attrs: {}, label: 'non-contiguous' },
    { inputs: [randomSample([], row.domain)], attrs: {}, label: '0-dim' },
  ];
}

function resultDtype(row: UnaryRow, x: DType): DType {
  if (row.floatResult && !isFloating(x)) return getDefaultDtype();
  if (row.name === 'neg' && x === 'bool') return x;
  return x;
}

const unaryOps = new Map<string, Op<Record<string, never>>>();
for (const row of ROWS) {
  unaryOps.set(
    row.name,
    defineOp<Record<string, never>>({
      name: row.name,
      signature: `${row.name}(input, *, out=None)`,
      gradFn: row.gradFn,
      doc: `Elementwise ${row.name}.`,
      example: row.example,
      forward: ([x]) => {
        const dtype = resultDtype(row, x!.dtype);
        const out = mapUnary(x!, dtype, dtype === 'float32' && row.f32 ? row.f32 : row.f);
        const save = row.saves === 'self' ? [x!] : row.saves === 'result' ? [out] : [];
        return { out, save };
      },
      backward: (ctx, [g]) => [row.grad(g!, ctx.saved[0]!)],
      samples: sampleFor(row),
    }),
  );
}

/** Applies one of the unary ops by name: unary('exp', x). */
export function unary(name: string, x: Tensor): Tensor {
  const op = unaryOps.get(name);
  if (!op) throw new Error(`no unary op ${name}`);
  return run1(op, [x], {});
}

export const neg = (x: Tensor) => unary('neg', x);
export const exp = (x: Tensor) => unary('exp', x);
export const log = (x: Tensor) => unary('log', x);
export const sqrt = (x: Tensor) => unary('sqrt', x);
export const tanh = (x: Tensor) => unary('tanh', x);
export const sigmoidOp = (x: Tensor) => unary('sigmoid', x);
export const relu = (x: Tensor) => unary('relu', x);
export const abs = (x: Tensor) => unary('abs', x);

function addScalar(x: Tensor, s: number): Tensor {
  return add(x, s);
}
function rsubScalar(x: Tensor, s: number): Tensor {
  return sub(s, x);
}
