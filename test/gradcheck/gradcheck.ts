// PyTorch's torch.autograd.gradcheck, over the op table: for every sample of
// every differentiable op, the Jacobian from the op's backward (one vector-
// Jacobian product per output element, captured as torch.autograd.grad does)
// must match central differences in float64.
//
// Defaults are PyTorch's: eps=1e-6, atol=1e-5, rtol=1e-3, and the same
// comparison as torch.allclose(analytical, numerical): |a - n| <= atol + rtol*|n|.
//
// Sample drawing is shared with the PyTorch fixtures (test/fixtures): each op's
// samples come from the sample stream reset to a seed derived from the op's
// name, so an op's samples do not depend on which ops were declared before it.
import { isFloating } from '../../engine/core/dtype.ts';
import { tidy } from '../../engine/core/scope.ts';
import { Tensor } from '../../engine/core/tensor.ts';
import { runBackward } from '../../engine/autograd/backward.ts';
import { ledger } from '../../engine/memory/ledger.ts';
import { withGradMode } from '../../engine/autograd/grad_mode.ts';
import { runOp, type OpSpec, type Sample } from '../../engine/ops/define.ts';
import { resetSampleStream } from '../../engine/ops/samples.ts';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
}

/** FNV-1a of the op name: the sample-stream seed for that op (never 0, which xorshift cannot leave). */
export function seedFor(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/**
 * The op's samples, drawn from its own seed. The caller owns the returned
 * tensors (release them with releaseSamples); temporaries the sample builder
 * made are released here.
 */
export function drawSamples<A>(spec: OpSpec<A, unknown>): Sample<A>[] {
  if (!spec.samples) return [];
  resetSampleStream(seedFor(spec.name));
  return tidy(() => spec.samples!(), () => []);
}

export function releaseSamples(samples: readonly Sample<unknown>[]): void {
  const seen = new Set<Tensor>();
  for (const s of samples) for (const t of s.inputs) seen.add(t);
  for (const t of seen) t.release();
}

/**
 * A fresh leaf with `t`'s values and exactly its layout (shape, strides and
 * offset into a copy of its whole storage), so non-contiguous samples stay
 * non-contiguous and ops that read the storage (as_strided) see what `t` sees.
 */
export function leafCopy(t: Tensor, requiresGrad: boolean): Tensor {
  const base = Tensor.empty([t.storage.size], t.dtype);
  base.storage.data.set(t.storage.data);
  const leaf = new Tensor(base.storage, t.shape, t.strides, t.offset);
  base.release();
  leaf.wrappedNumber = t.wrappedNumber;
  leaf.leafRequiresGrad = requiresGrad;
  return leaf;
}

/**
 * runOp for a caller that lets the enclosing tidy scope release the outputs.
 * An op that returns one of its inputs itself (contiguous() of a contiguous
 * tensor) does so through returnAlias, so the scope owns that reference too.
 */
export function runInScope<A>(spec: OpSpec<A, unknown>, inputs: Tensor[], attrs: A): Tensor[] {
  return runOp(spec, inputs, attrs);
}

/** Whether gradients flow through the op: it records a node (gradFn) or is written with ops that do (composite). */
export function isDifferentiable(spec: OpSpec<unknown, unknown>): boolean {
  return spec.gradFn !== undefined || spec.composite === true;
}

/** Indices of the inputs gradcheck differentiates: declared differentiable and floating (none for a non-differentiable op). */
export function gradInputIndices(spec: OpSpec<unknown, unknown>, inputs: readonly Tensor[]): number[] {
  if (!isDifferentiable(spec)) return [];
  const declared = spec.differentiable ?? inputs.map((_, i) => i);
  return declared.filter((i) => inputs[i] !== undefined && isFloating(inputs[i]!.dtype));
}

/** Indices of the outputs gradients flow from: floating and not declared non-differentiable. */
export function gradOutputIndices(spec: OpSpec<unknown, unknown>, outs: readonly Tensor[]): number[] {
  const nonDiff = spec.nonDifferentiableOutputs ?? [];
  return outs.flatMap((o, j) => (isFloating(o.dtype) && !nonDiff.includes(j) ? [j] : []));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** jac[i][j][k][r]: d output j element r / d input i element k (k, r row-major logical). */
type Jacobians = number[][][][];

/**
 * Runs gradcheck on one sample. Returns the problems found (empty: it passes).
 * Never throws for op errors: a forward or backward that raises is a problem.
 */
export function gradcheckSample<A>(spec: OpSpec<A, unknown>, sample: Sample<A>, options: GradcheckOptions = {}): string[] {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const problems: string[] = [];
  tidy(
    () => {
      const gradIdx = gradInputIndices(spec as OpSpec<unknown, unknown>, sample.inputs);
      if (gradIdx.length === 0) {
        problems.push('no differentiable floating-point input: give the sample a float64 input or set noGradcheck');
        return [];
      }
      for (const i of gradIdx) {
        const t = sample.inputs[i]!;
        // An empty input (e.g. a stand-in for an absent optional tensor) has nothing to perturb.
        if (t.dtype !== 'float64' && t.numel > 0) problems.push(`input ${i} is ${t.dtype}: gradcheck samples should be float64`);
        if (t.shape.some((n, d) => n > 1 && t.strides[d] === 0)) {
          problems.push(
            `The ${i}th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping to be able to compute the numerical gradients correctly.`,
          );
        }
      }
      if (problems.length > 0) return [];
      const leaves = sample.inputs.map((t, i) => leafCopy(t, gradIdx.includes(i)));
      const call = () => runInScope(spec, leaves, sample.attrs);

      let outIdx: number[];
      let numerical: Jacobians;
      try {
        outIdx = withGradMode(false, () => tidy(() => gradOutputIndices(spec as OpSpec<unknown, unknown>, call())));
        numerical = numericalJacobians(leaves, gradIdx, outIdx, call, eps);
      } catch (err) {
        problems.push(`forward raised: ${message(err)}`);
        return [];
      }
      if (outIdx.length === 0) {
        problems.push('no floating-point differentiable output: set noGradcheck with the reason');
        return [];
      }
      let analytical: Jacobians;
      try {
        analytical = analyticalJacobians(leaves, gradIdx, outIdx, call, problems);
      } catch (err) {
        problems.push(`backward raised: ${message(err)}`);
        return [];
      }
      gradIdx.forEach((i, a) =>
        outIdx.forEach((j, b) => {
          const mismatch = compareJacobian(numerical[a]![b]!, analytical[a]![b]!, atol, rtol);
          if (mismatch) problems.push(`Jacobian mismatch for output ${j} with respect to input ${i}:\n${mismatch}`);
        }),
      );
      return [];
    },
    () => [],
  );
  return problems;
}

/** Central differences, perturbing each logical element through the leaf's storage. */
function numericalJacobians(leaves: Tensor[], gradIdx: number[], outIdx: number[], call: () => Tensor[], eps: number): Jacobians {
  const evaluate = (): number[][] =>
    withGradMode(false, () =>
      tidy(() => {
        const outs = call();
        return outIdx.map((j) => outs[j]!.toArray());
      }),
    );
  return gradIdx.map((i) => {
    const leaf = leaves[i]!;
    const data = leaf.storage.data;
    const columns: number[][][] = outIdx.map(() => []);
    for (const p of leaf.storageIndices()) {
      const orig = data[p]!;
      data[p] = orig - eps;
      const fa = evaluate();
      data[p] = orig + eps;
      const fb = evaluate();
      data[p] = orig;
      outIdx.forEach((_, b) => columns[b]!.push(fb[b]!.map((v, r) => (v - fa[b]![r]!) / (2 * eps))));
    }
    return columns;
  });
}

/** One backward per output element with a one-hot grad_output, capturing the inputs' gradients. */
function analyticalJacobians(leaves: Tensor[], gradIdx: number[], outIdx: number[], call: () => Tensor[], problems: string[]): Jacobians {
  const outs = call();
  const inputs = gradIdx.map((i) => leaves[i]!);
  const jac: Jacobians = gradIdx.map((i) => outIdx.map(() => Array.from({ length: leaves[i]!.numel }, () => [] as number[])));
  outIdx.forEach((j, b) => {
    const out = outs[j]!;
    if (!out.requiresGrad) {
      problems.push(`output ${j} does not require grad although input(s) ${gradIdx.join(', ')} do`);
      gradIdx.forEach((_, a) => jac[a]![b]!.forEach((row) => row.push(...new Array<number>(out.numel).fill(0))));
      return;
    }
    for (let r = 0; r < out.numel; r++) {
      tidy(() => {
        const gradOut = Tensor.empty(out.shape, out.dtype);
        gradOut.storage.data[r] = 1;
        const grads = runBackward([out], [gradOut], { inputs, retainGraph: true, allowUnused: true });
        try {
          gradIdx.forEach((i, a) => {
            const g = grads[a] ?? null;
            const leaf = leaves[i]!;
            let values: number[];
            if (g === null) values = new Array<number>(leaf.numel).fill(0);
            else {
              if (g.shape.join() !== leaf.shape.join() && r === 0) {
                problems.push(`Gradient for input ${i} has incorrect shape [${g.shape.join(', ')}], expected [${leaf.shape.join(', ')}]`);
              }
              if (g.dtype !== leaf.dtype && r === 0) problems.push(`Gradient for input ${i} has dtype ${g.dtype}, expected ${leaf.dtype}`);
              values = g.toArray();
            }
            for (let k = 0; k < leaf.numel; k++) jac[a]![b]![k]!.push(values[k] ?? NaN);
          });
        } finally {
          for (const g of grads) g?.release();
        }
        return [];
      });
    }
  });
  return jac;
}

/** torch.allclose(analytical, numerical, rtol, atol); a readable report of the worst entries if not. */
function compareJacobian(numerical: number[][], analytical: number[][], atol: number, rtol: number): string | null {
  const bad: { k: number; r: number; n: number; a: number; diff: number }[] = [];
  numerical.forEach((row, k) =>
    row.forEach((n, r) => {
      const a = analytical[k]![r]!;
      const ok = Object.is(a, n) || Math.abs(a - n) <= atol + rtol * Math.abs(n);
      if (!ok) bad.push({ k, r, n, a, diff: Number.isNaN(a - n) ? Infinity : Math.abs(a - n) });
    }),
  );
  if (bad.length === 0) return null;
  bad.sort((x, y) => y.diff - x.diff);
  const total = numerical.length * (numerical[0]?.length ?? 0);
  const lines = bad
    .slice(0, 6)
    .map((e) => `  d out[${e.r}] / d in[${e.k}]: numerical ${e.n.toPrecision(8)}, analytical ${e.a.toPrecision(8)}`);
  return `${bad.length} of ${total} entries differ (atol=${atol}, rtol=${rtol}); worst:\n${lines.join('\n')}`;
}

/**
 * gradcheck on sample k of an op, drawn fresh, plus the leak check: once the
 * samples are released the ledger must be back where it started.
 */
export function gradcheckOpSample(spec: OpSpec<unknown, unknown>, k: number, options: GradcheckOptions = {}): string[] {
  const beforeBytes = ledger.allocated;
  const beforeIds = new Set(ledger.liveStorages().map((s) => s.id));
  const samples = drawSamples(spec);
  let problems: string[];
  try {
    problems = samples[k] ? gradcheckSample(spec, samples[k], options) : [`the op has ${samples.length} samples, no sample ${k}`];
  } finally {
    releaseSamples(samples);
  }
  const leak = leakReport(beforeIds, beforeBytes);
  if (leak) problems.push(leak);
  return problems;
}

/** Storages allocated since `before` that are still alive, or null when the ledger is back to `beforeBytes`. */
export function leakReport(beforeIds: Set<number>, beforeBytes: number): string | null {
  if (ledger.allocated === beforeBytes) return null;
  const live = ledger
    .liveStorages()
    .filter((s) => !beforeIds.has(s.id))
    .map((s) => `storage #${s.id} (${s.dtype}, ${s.nbytes} bytes, ${s.category()})`);
  return `leaks ${ledger.allocated - beforeBytes} bytes once every tensor is released: ${live.join('; ') || 'no new storage is alive (one was freed too early?)'}`;
}
