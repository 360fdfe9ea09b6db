// Test helpers for the reduction and softmax tests: building tensors, central
// differences (first and second order), warnings, and the PyTorch 2.11 golden
// transcripts of the conformance suite.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DType } from '../core/dtype.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { setWarningSink } from '../errors/errors.ts';
import { mul } from './pointwise_binary.ts';
import { sum } from './reduce.ts';

export type Nested = number | Nested[];

function shapeOf(data: Nested): number[] {
  return Array.isArray(data) ? [data.length, ...(data.length > 0 ? shapeOf(data[0]!) : [])] : [];
}

function flatten(data: Nested): number[] {
  return Array.isArray(data) ? data.flatMap(flatten) : [data];
}

/** torch.tensor(data, dtype=dtype, requires_grad=requiresGrad). */
export function tt(data: Nested, dtype: DType = 'float32', requiresGrad = false): Tensor {
  const t = Tensor.empty(shapeOf(data), dtype);
  t.writeAll(flatten(data));
  t.leafRequiresGrad = requiresGrad;
  return t;
}

/** The same values laid out transposed in memory (last two dims swapped): not contiguous. */
export function transposedCopy(x: Tensor): Tensor {
  const n = x.ndim;
  const physical = [...x.shape];
  [physical[n - 1], physical[n - 2]] = [physical[n - 2]!, physical[n - 1]!];
  const base = Tensor.empty(physical, x.dtype);
  const strides = [...base.strides];
  [strides[n - 1], strides[n - 2]] = [strides[n - 2]!, strides[n - 1]!];
  const view = new Tensor(base.storage, x.shape, strides, 0);
  base.release();
  view.writeAll(x.toArray());
  view.leafRequiresGrad = x.leafRequiresGrad;
  return view;
}

/** d f(x) / dx by central differences (f returns a 0-dim tensor; x is float64). */
export function numericalGrad(f: (x: Tensor) => Tensor, x: Tensor, eps = 1e-6): number[] {
  const data = x.storage.data;
  const out: number[] = [];
  const evaluate = () => tidy(() => f(x).toArray()[0]!);
  for (const p of x.storageIndices()) {
    const orig = data[p]!;
    data[p] = orig + eps;
    const hi = evaluate();
    data[p] = orig - eps;
    const lo = evaluate();
    data[p] = orig;
    out.push((hi - lo) / (2 * eps));
  }
  return out;
}

/** The gradient backward computes for f at x (x must require grad). */
export function analyticalGrad(f: (x: Tensor) => Tensor, x: Tensor): number[] {
  return tidy(() => {
    const [g] = runBackward([f(x)], [null], { inputs: [x] });
    const values = g!.toArray();
    g!.release();
    return values;
  });
}

/** Central differences agree with backward, to gradcheck's tolerance. */
export function expectGradcheck(f: (x: Tensor) => Tensor, x: Tensor): void {
  const numerical = numericalGrad(f, x);
  const analytical = analyticalGrad(f, x);
  expect(analytical.length).toBe(numerical.length);
  analytical.forEach((a, i) => expect(Math.abs(a - numerical[i]!), `entry ${i}: ${a} vs ${numerical[i]}`).toBeLessThanOrEqual(1e-5 + 1e-3 * Math.abs(numerical[i]!)));
}

/**
 * Second order (create_graph=True): the derivative of <grad f(x), v> computed
 * by backward through the backward graph, against central differences of the
 * first-order gradient. Checks that a derivative formula is itself differentiable.
 */
export function expectGradgradcheck(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): void {
  const gv = (y: Tensor) =>
    tidy(() => {
      const [g] = runBackward([f(y)], [null], { inputs: [y], createGraph: true });
      const r = sum(mul(g!, v));
      g!.release();
      return r;
    });
  expectGradcheck(gv, x);
}

/** Warnings emitted while fn runs, as "Category: message". */
export function captureWarnings<T>(fn: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  setWarningSink((category, message) => warnings.push(`${category}: ${message}`));
  try {
    return { result: fn(), warnings };
  } finally {
    setWarningSink(() => {});
  }
}

const goldens = JSON.parse(
  readFileSync(new URL('../../test/conformance/goldens-torch2.11.json', import.meta.url), 'utf8'),
) as Record<string, { stdout: string }>;

/** The stdout lines PyTorch 2.11 printed for a conformance case. */
export function goldenLines(name: string): string[] {
  const g = goldens[name];
  if (!g) throw new Error(`no golden for ${name}`);
  return g.stdout.split('\n');
}
