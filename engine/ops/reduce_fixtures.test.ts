// Reductions and softmax against real PyTorch: every case in
// reduce.fixtures.json was recorded by record_reduce_fixtures.py (values,
// dtypes, shapes, grad_fn names, and input gradients for a fixed upstream
// gradient), including non-contiguous inputs. Each case must also release
// every byte it allocated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isFloating, type DType } from '../core/dtype.ts';
import { contiguousStrides } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { ledger } from '../memory/ledger.ts';
import { opTable, runOp } from './define.ts';
import './reduce.ts';
import './reduce_minmax.ts';
import './reduce_stats.ts';
import './softmax.ts';

type Encoded = number | 'nan' | 'inf' | '-inf';

interface TensorSpec {
  dtype: DType;
  shape: number[];
  values: Encoded[];
  transposed?: boolean;
}

interface Case {
  name: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  gradFn: string | null;
  requiresGrad: boolean;
  grad?: { upstream: Encoded[]; values: (Encoded[] | null)[] };
}

const fixtures = JSON.parse(readFileSync(new URL('./reduce.fixtures.json', import.meta.url), 'utf8')) as { cases: Case[] };

function decode(v: Encoded): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

function decodeAttrs(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = v === 'inf' || v === '-inf' ? decode(v) : v;
  return out;
}

/** A tensor with the spec's values; transposed ones are laid out with their last two dims swapped. */
function build(spec: TensorSpec): Tensor {
  const n = spec.shape.length;
  if (!spec.transposed || n < 2) {
    const t = Tensor.empty(spec.shape, spec.dtype);
    t.writeAll(spec.values.map(decode));
    return t;
  }
  const physical = [...spec.shape];
  [physical[n - 1], physical[n - 2]] = [physical[n - 2]!, physical[n - 1]!];
  const strides = contiguousStrides(physical);
  [strides[n - 1], strides[n - 2]] = [strides[n - 2]!, strides[n - 1]!];
  const base = Tensor.empty(physical, spec.dtype);
  const view = new Tensor(base.storage, spec.shape, strides, 0);
  base.release();
  view.writeAll(spec.values.map(decode));
  return view;
}

/** Float results may differ from PyTorch's by an ulp or two (we accumulate in float64). */
function expectClose(actual: number[], expected: number[], dtype: DType, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const rtol = dtype === 'float64' ? 1e-12 : dtype === 'float16' ? 1e-3 : 1e-6;
  const atol = dtype === 'float64' ? 1e-14 : 1e-7;
  actual.forEach((a, i) => {
    const e = expected[i]!;
    const ok = Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || (isFloating(dtype) && Math.abs(a - e) <= atol + rtol * Math.abs(e));
    if (!ok) expect.fail(`${what}[${i}]: got ${a}, PyTorch ${e}`);
  });
}

describe('reductions and softmax match PyTorch', () => {
  it('the fixtures cover every reduction op in the table', () => {
    const covered = new Set(fixtures.cases.map((c) => c.op));
    const mine = [
      'sum', 'sum.dim_IntList', 'mean', 'mean.dim', 'prod', 'prod.dim_int', 'cumsum', 'all', 'any', 'count_nonzero',
      'max', 'max.dim', 'min', 'min.dim', 'amax', 'amin', 'argmax', 'argmin', 'var', 'std', 'linalg_vector_norm',
      'logsumexp', 'softmax', 'log_softmax',
    ];
    for (const name of mine) {
      expect(opTable.has(name), `${name} is in the op table`).toBe(true);
      expect(covered.has(name), `${name} has fixtures`).toBe(true);
    }
  });

  for (const c of fixtures.cases) {
    it(c.name, () => {
      const before = ledger.allocated;
      const spec = opTable.get(c.op);
      if (!spec) throw new Error(`no op ${c.op}`);
      const inputs = c.inputs.map(build);
      if (c.requiresGrad) for (const t of inputs) t.leafRequiresGrad = true;
      const outs = runOp(spec, inputs, decodeAttrs(c.attrs));
      try {
        expect(outs.length).toBe(c.outputs.length);
        c.outputs.forEach((want, j) => {
          const got = outs[j]!;
          expect(got.dtype, `output ${j} dtype`).toBe(want.dtype);
          expect(got.shape, `output ${j} shape`).toEqual(want.shape);
          expectClose(got.toArray(), want.values.map(decode), want.dtype, `output ${j}`);
        });
        expect(outs[0]!.gradFn?.name ?? null).toBe(c.gradFn);
        if (c.grad) {
          const up = Tensor.empty(outs[0]!.shape, outs[0]!.dtype);
          up.writeAll(c.grad.upstream.map(decode));
          runBackward([outs[0]!], [up]);
          up.release();
          c.grad.values.forEach((want, i) => {
            const g = inputs[i]!.grad;
            if (want === null) expect(g, `input ${i} grad`).toBeNull();
            else {
              expect(g, `input ${i} grad`).not.toBeNull();
              expect(g!.shape).toEqual(inputs[i]!.shape);
              expectClose(g!.toArray(), want.map(decode), g!.dtype, `input ${i} grad`);
            }
          });
        }
      } finally {
        for (const t of [...outs, ...inputs]) t.release();
      }
      expect(ledger.allocated, 'every byte released').toBe(before);
    });
  }
});
