// Test helpers for the layout ops: deterministic inputs (the same ones
// layout_fixtures.py builds in PyTorch), and derivative checks. Layout ops are
// linear, which gives an exact check of the double backward: the gradient of
// <J^T v, u> with respect to v is J u = f(u).
import type { DType } from '../core/dtype.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { withGradMode } from '../autograd/grad_mode.ts';

export interface InputSpec {
  shape: number[];
  t?: boolean;
  dtype?: DType;
}

/** Input k of a fixture case: storage position i holds i * 0.5 - 1 + k; `t` transposes the last two dims. */
export function makeInput(spec: InputSpec, k: number, requiresGrad = true): Tensor {
  const dtype = spec.dtype ?? 'float64';
  const phys = [...spec.shape];
  const n = phys.length;
  if (spec.t) [phys[n - 1], phys[n - 2]] = [phys[n - 2]!, phys[n - 1]!];
  const base = Tensor.empty(phys, dtype);
  base.writeAll(Array.from({ length: base.numel }, (_, i) => i * 0.5 - 1 + k));
  let out = base;
  if (spec.t) {
    const strides = [...base.strides];
    [strides[n - 1], strides[n - 2]] = [strides[n - 2]!, strides[n - 1]!];
    out = new Tensor(base.storage, spec.shape, strides, 0);
    base.release();
  }
  out.leafRequiresGrad = requiresGrad && (dtype === 'float64' || dtype === 'float32');
  return out;
}

/** A contiguous tensor from values. */
export function tensor(values: number[], shape: number[] = [values.length], dtype: DType = 'float64'): Tensor {
  const t = Tensor.empty(shape, dtype);
  t.writeAll(values);
  return t;
}

/** A float64 leaf 0, 1, 2, ... of `shape` that requires grad. */
export function arangeLeaf(shape: number[]): Tensor {
  const t = tensor(
    Array.from({ length: shape.reduce((a, s) => a * s, 1) }, (_, i) => i),
    shape,
  );
  t.leafRequiresGrad = true;
  return t;
}

/** The fixture weights: w[i] = (i % 5) - 1.5. */
export function weightsFor(o: Tensor): Tensor {
  return tensor(Array.from({ length: o.numel }, (_, i) => (i % 5) - 1.5), o.shape, o.dtype);
}

type Fn = (xs: Tensor[]) => Tensor | Tensor[];
const asList = (r: Tensor | Tensor[]) => (Array.isArray(r) ? r : [r]);

/** Gradients of sum(out_k * w_k) for every input (null where none), as plain arrays. */
export function gradsOf(f: Fn, xs: Tensor[], weights: (o: Tensor, k: number) => Tensor = weightsFor): (number[] | null)[] {
  return tidy(
    () => {
      const outs = asList(f(xs)).filter((o) => o.requiresGrad);
      // Only inputs in the graph: asking autograd.grad for an unused leaf makes an AccumulateGrad nothing frees.
      const used = (x: Tensor) => x.requiresGrad && (x.gradFn !== null || x.gradAccumulator !== null || outs.includes(x));
      const want = xs.filter(used);
      if (outs.length === 0 || want.length === 0) return xs.map(() => null);
      const grads = runBackward(outs, outs.map((o, k) => weights(o, k)), { inputs: want, allowUnused: true });
      const arrays = grads.map((g) => g?.toArray() ?? null);
      for (const g of grads) g?.release();
      let k = 0;
      return xs.map((x) => (used(x) ? arrays[k++]! : null));
    },
    () => [],
  );
}

/** Central differences of sum(out_k * w_k), perturbing each element through the input's storage. */
export function numericGrads(f: Fn, xs: Tensor[], eps = 1e-6): (number[] | null)[] {
  const loss = (): number =>
    withGradMode(false, () =>
      tidy(
        () =>
          asList(f(xs)).reduce((acc, o) => {
            const w = weightsFor(o).toArray();
            return acc + o.toArray().reduce((a, v, i) => a + v * w[i]!, 0);
          }, 0),
        () => [],
      ),
    );
  return xs.map((x) => {
    if (!x.requiresGrad) return null;
    const data = x.storage.data;
    return [...x.storageIndices()].map((p) => {
      const orig = data[p]!;
      data[p] = orig + eps;
      const hi = loss();
      data[p] = orig - eps;
      const lo = loss();
      data[p] = orig;
      return (hi - lo) / (2 * eps);
    });
  });
}

/**
 * Double backward of a linear f: v requires grad, gx = J^T v (create_graph),
 * then d<gx, u>/dv must equal J u = f(0, .., u, .., 0), with u laid out in
 * memory as input i is (as_strided reads the layout). Returns both per output.
 */
export function doubleBackward(f: Fn, xs: Tensor[], i = 0): { got: number[][]; want: number[][] } {
  return tidy(
    () => {
      const outs = asList(f(xs));
      const vs = outs.map((o) => {
        const v = weightsFor(o);
        v.leafRequiresGrad = true;
        return v;
      });
      const [gx] = runBackward(outs, vs, { inputs: [xs[i]!], createGraph: true });
      const u = sameLayout(xs[i]!, (k) => Math.sin(k + 1));
      const got = runBackward([gx!], [u], { inputs: vs, allowUnused: true });
      const us = xs.map((x, k) => (k === i ? u : sameLayout(x, () => 0)));
      const fu = withGradMode(false, () => asList(f(us)).map((o) => o.toArray()));
      const out = { got: got.map((g, k) => g?.toArray() ?? new Array<number>(outs[k]!.numel).fill(0)), want: fu };
      gx!.release();
      for (const g of got) g?.release();
      return out;
    },
    () => [],
  );
}

/** A tensor with x's shape, strides and offset over a storage of its own, element k = value(k). */
function sameLayout(x: Tensor, value: (k: number) => number): Tensor {
  const base = Tensor.empty([x.storage.size], x.dtype);
  const out = new Tensor(base.storage, x.shape, x.strides, x.offset);
  base.release();
  out.writeAll(Array.from({ length: x.numel }, (_, k) => value(k)));
  return out;
}

/** Raises unless |a - b| <= atol + rtol |b| everywhere. */
export function expectClose(a: readonly number[] | null, b: readonly number[] | null, what: string, atol = 1e-6, rtol = 1e-5): void {
  if (a === null || b === null) {
    if (a !== b && !(a ?? b)!.every((v) => v === 0)) throw new Error(`${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return;
  }
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} values vs ${b.length}`);
  a.forEach((v, k) => {
    const w = b[k]!;
    if (!(Object.is(v, w) || Math.abs(v - w) <= atol + rtol * Math.abs(w))) {
      throw new Error(`${what}: [${k}] ${v} vs ${w}\n  ${JSON.stringify(a)}\n  ${JSON.stringify(b)}`);
    }
  });
}
