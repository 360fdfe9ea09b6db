// Test helpers for the torch.nn.functional ops (nn_*.ts): tensors from
// recorded values (optionally laid out transposed), gradients through the
// engine, the graph below a result written as record_nn_fixtures.py writes
// it, warnings captured, and a tolerance check.
import type { DType } from '../core/dtype.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { AccumulateGrad, type Node } from '../autograd/node.ts';
import { setWarningSink } from '../errors/errors.ts';

export type Encoded = number | 'nan' | 'inf' | '-inf';

export function decode(v: Encoded): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** A tensor of `shape` holding `values` row-major; `transposed` lays it out as the transpose of a contiguous tensor. */
export function tensorOf(values: readonly number[], shape: readonly number[], dtype: DType = 'float64', transposed = false): Tensor {
  const n = shape.length;
  if (!transposed || n < 2) {
    const t = Tensor.empty(shape, dtype);
    t.writeAll(values);
    return t;
  }
  const phys = [...shape.slice(0, n - 2), shape[n - 1]!, shape[n - 2]!];
  const base = Tensor.empty(phys, dtype);
  const strides = [...base.strides];
  [strides[n - 1], strides[n - 2]] = [strides[n - 2]!, strides[n - 1]!];
  const t = new Tensor(base.storage, shape, strides, 0);
  base.release();
  t.writeAll(values);
  return t;
}

/** A leaf that requires grad. */
export function leafOf(values: readonly number[], shape: readonly number[], dtype: DType = 'float64'): Tensor {
  const t = tensorOf(values, shape, dtype);
  t.leafRequiresGrad = true;
  return t;
}

/** ((i % 5) - 1.5) / 2 and sin(i): the fixture's weights for sum(out * w) and sum(grad * v). */
export const firstWeights = (n: number) => Array.from({ length: n }, (_, i) => ((i % 5) - 1.5) / 2);
export const secondWeights = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i));

/**
 * Gradients of sum(out * w) for `inputs` (null where unused), and with `gradgrad`
 * the gradients of sum(grad_k * v_k) taken through the first gradients' graph.
 */
export function gradients(out: Tensor, inputs: Tensor[], gradgrad = false): { grads: (number[] | null)[]; gradgrads?: (number[] | null)[] } {
  return tidy(
    () => {
      const w = tensorOf(firstWeights(out.numel), out.shape, out.dtype);
      const grads = runBackward([out], [w], { inputs, allowUnused: true, createGraph: gradgrad });
      const result: { grads: (number[] | null)[]; gradgrads?: (number[] | null)[] } = { grads: grads.map((g) => g?.toArray() ?? null) };
      if (gradgrad) {
        const roots = grads.filter((g): g is Tensor => g !== null && g.requiresGrad);
        if (roots.length === 0) result.gradgrads = inputs.map(() => null);
        else {
          const vs = roots.map((g) => tensorOf(secondWeights(g.numel), g.shape, g.dtype));
          const gg = runBackward(roots, vs, { inputs, allowUnused: true });
          result.gradgrads = gg.map((g) => g?.toArray() ?? null);
          for (const g of gg) g?.release();
        }
      }
      for (const g of grads) g?.release();
      return result;
    },
    () => [],
  );
}

function nodeName(node: Node): string {
  return node instanceof AccumulateGrad ? 'AccumulateGrad' : node.name;
}

/** The graph below t as the recorder prints it: Name(child, child), `depth` levels deep. */
export function graphOf(t: Tensor, depth = 4): string | null {
  if (!t.gradFn) return null;
  const walk = (node: Node, d: number): string => {
    const name = nodeName(node);
    const kids = node.next.filter((e) => e !== null);
    if (d === 0 || kids.length === 0) return name;
    return `${name}(${kids.map((e) => walk(e!.node, d - 1)).join(', ')})`;
  };
  return walk(t.gradFn, depth);
}

/** Storage bytes of every tensor t's grad_fn saved, sorted. */
export function savedBytesOf(t: Tensor): number[] {
  return (t.gradFn?.saved ?? []).map((s) => s.bytes).sort((a, b) => a - b);
}

/** Runs fn with warnings captured as "Category: message" lines. */
export function captureWarnings<T>(fn: () => T): { result?: T; error?: unknown; warnings: string[] } {
  const warnings: string[] = [];
  setWarningSink((category, message) => warnings.push(`${category}: ${message}`));
  try {
    return { result: fn(), warnings };
  } catch (error) {
    return { error, warnings };
  } finally {
    setWarningSink(() => {});
  }
}

/** Raises unless |a - b| <= atol + rtol |b| everywhere (NaN equals NaN). */
export function expectClose(a: readonly number[] | null, b: readonly number[] | null, what: string, atol = 1e-6, rtol = 1e-5): void {
  if (a === null || b === null) {
    const other = a ?? b;
    if (a !== b && !other!.every((v) => v === 0)) throw new Error(`${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return;
  }
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} values vs ${b.length}`);
  a.forEach((v, k) => {
    const w = b[k]!;
    if (!(Object.is(v, w) || (Number.isNaN(v) && Number.isNaN(w)) || Math.abs(v - w) <= atol + rtol * Math.abs(w))) {
      throw new Error(`${what}: [${k}] ${v} vs ${w}\n  got  ${JSON.stringify(a)}\n  want ${JSON.stringify(b)}`);
    }
  });
}
