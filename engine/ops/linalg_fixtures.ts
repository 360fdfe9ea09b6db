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

/** A recorded value: JSON has no NaN or infinities. */
export type Encoded = number | 'nan' | 'inf' | '-inf';

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

export function expectClose(actual: number[], expected: readonly Encoded[], dtype: DType, what: string): void {
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
  const spec = opTable.get(c.op);
  if (!spec) throw new Error(`no op ${c.op}`);
  expectRecorded(c.name, (s, requiresGrad) => build(s, requiresGrad), c.inputs, (inputs) => runOp(spec, inputs, c.attrs), c.outputs, c.grad && {
    upstream: (first) => build({ dtype: first.dtype, shape: first.shape, values: c.grad!.upstream }),
    values: c.grad.values,
  });
}

/**
 * The shared check of a recorded case (these op fixtures, and test/fixtures/kernel_fixtures.ts):
 * builds the inputs (floating ones require grad when gradients were recorded), runs the op,
 * compares its outputs and then its input gradients with PyTorch's, and checks that every byte
 * it allocated was released.
 */
export function expectRecorded<S extends { dtype: DType }>(
  name: string,
  buildInput: (spec: S, requiresGrad: boolean) => Tensor,
  specs: readonly S[],
  run: (inputs: Tensor[]) => Tensor[],
  outputs: readonly { dtype: DType; shape: number[]; values: readonly Encoded[] }[],
  grads?: { upstream: (first: Tensor) => Tensor; values: readonly (readonly Encoded[] | null)[] },
): void {
  const before = ledger.allocated;
  tidy(() => {
    const inputs = specs.map((s) => buildInput(s, grads !== undefined && isFloating(s.dtype)));
    const outs = run(inputs);
    outputs.forEach((o, i) => {
      const out = outs[i]!;
      expect(out.dtype, `${name}: output ${i} dtype`).toBe(o.dtype);
      expect(out.shape, `${name}: output ${i} shape`).toEqual(o.shape);
      expectClose(out.toArray(), o.values, o.dtype, `${name}: output ${i}`);
    });
    if (grads) {
      const wanted = inputs.filter((t) => t.requiresGrad);
      const got = runBackward([outs[0]!], [grads.upstream(outs[0]!)], { inputs: wanted, allowUnused: true });
      let k = 0;
      grads.values.forEach((g, i) => {
        if (!inputs[i]!.requiresGrad) return;
        const grad = got[k++] ?? null;
        if (g === null) expect(grad, `${name}: grad of input ${i}`).toBeNull();
        else {
          expect(grad, `${name}: grad of input ${i}`).not.toBeNull();
          expect(grad!.shape, `${name}: grad ${i} shape`).toEqual(inputs[i]!.shape);
          expectClose(grad!.toArray(), g, inputs[i]!.dtype, `${name}: grad of input ${i}`);
        }
      });
      for (const g of got) g?.release();
    }
    return [];
  });
  expect(ledger.allocated, `${name}: bytes left allocated`).toBe(before);
}
