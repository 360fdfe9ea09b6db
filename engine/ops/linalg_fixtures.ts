// Test support for linalg.test.ts, conv.test.ts and pool.test.ts: runs the cases
// record_linalg_fixtures.py recorded from real PyTorch (values, dtypes, shapes and
// input gradients for a fixed upstream gradient) against the engine's ops.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { isFloating, type DType } from '../core/dtype.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { ledger } from '../memory/ledger.ts';
import { opTable, runOp } from './define.ts';

type Encoded = number | 'nan' | 'inf' | '-inf';

export interface TensorSpec {
  dtype: DType;
  shape: number[];
  values: Encoded[];
  transposed?: boolean;
}

export interface FixtureCase {
  name: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  grad?: { upstream: Encoded[]; values: (Encoded[] | null)[] };
}

const all = (JSON.parse(readFileSync(new URL('./linalg.fixtures.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] }).cases;

export function fixtureCases(ops: readonly string[]): FixtureCase[] {
  return all.filter((c) => ops.includes(c.op));
}

const decode = (v: Encoded): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

/** A tensor with the spec's logical values; a transposed spec is laid out with its last two dims swapped. */
export function build(spec: TensorSpec, requiresGrad = false): Tensor {
  const n = spec.shape.length;
  let t: Tensor;
  if (spec.transposed && n >= 2) {
    const physical = [...spec.shape.slice(0, -2), spec.shape[n - 1]!, spec.shape[n - 2]!];
    const base = Tensor.empty(physical, spec.dtype);
    const strides = [...base.strides];
    [strides[n - 1], strides[n - 2]] = [strides[n - 2]!, strides[n - 1]!];
    t = new Tensor(base.storage, spec.shape, strides, 0);
    base.release();
    t.writeAll(spec.values.map(decode));
  } else {
    t = Tensor.empty(spec.shape, spec.dtype);
    t.writeAll(spec.values.map(decode));
  }
  t.leafRequiresGrad = requiresGrad;
  return t;
}

export function expectClose(actual: number[], expected: Encoded[], dtype: DType, what: string): void {
  expect(actual.length, `${what}: number of elements`).toBe(expected.length);
  const [rtol, atol] = dtype === 'float64' ? [1e-9, 1e-10] : dtype === 'float32' ? [1e-5, 1e-5] : [0, 0];
  expected.forEach((e, i) => {
    const want = decode(e);
    const got = actual[i]!;
    if (Number.isNaN(want)) expect(Number.isNaN(got), `${what}[${i}] is NaN`).toBe(true);
    else if (Math.abs(got - want) > atol + rtol * Math.abs(want)) {
      throw new Error(`${what}[${i}]: got ${got}, PyTorch ${want}`);
    }
  });
}

/** Runs one recorded case: outputs, then gradients; every byte allocated is released afterwards. */
export function runFixture(c: FixtureCase): void {
  const before = ledger.allocated;
  const spec = opTable.get(c.op);
  if (!spec) throw new Error(`no op ${c.op}`);
  tidy(() => {
    const inputs = c.inputs.map((s) => build(s, c.grad !== undefined && isFloating(s.dtype)));
    const outs = runOp(spec, inputs, c.attrs);
    c.outputs.forEach((o, i) => {
      const out = outs[i]!;
      expect(out.dtype, `${c.name}: output ${i} dtype`).toBe(o.dtype);
      expect(out.shape, `${c.name}: output ${i} shape`).toEqual(o.shape);
      expectClose(out.toArray(), o.values, o.dtype, `${c.name}: output ${i}`);
    });
    if (c.grad) {
      const up = build({ dtype: c.outputs[0]!.dtype, shape: c.outputs[0]!.shape, values: c.grad.upstream });
      const wanted = inputs.filter((t) => t.requiresGrad);
      const grads = runBackward([outs[0]!], [up], { inputs: wanted, allowUnused: true });
      let k = 0;
      c.grad.values.forEach((g, i) => {
        if (!inputs[i]!.requiresGrad) return;
        const got = grads[k++] ?? null;
        if (g === null) expect(got, `${c.name}: grad of input ${i}`).toBeNull();
        else {
          expect(got, `${c.name}: grad of input ${i}`).not.toBeNull();
          expect(got!.shape, `${c.name}: grad ${i} shape`).toEqual(inputs[i]!.shape);
          expectClose(got!.toArray(), g, inputs[i]!.dtype, `${c.name}: grad of input ${i}`);
        }
      });
      for (const g of grads) g?.release();
    }
    return [];
  });
  expect(ledger.allocated, `${c.name}: bytes left allocated`).toBe(before);
}
