// torch.nn.functional against real PyTorch: every case in nn.fixtures.json
// (recorded by record_nn_fixtures.py) is replayed through the engine's
// functional API — values, dtype, shape, grad_fn and the graph below it, the
// bytes its node saved, warnings and errors (type and text), inputs changed in
// place, gradients and double-backward gradients — and must release every
// byte it allocated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DType } from '../core/dtype.ts';
import { defaultGenerator } from '../core/random.ts';
import { Tensor } from '../core/tensor.ts';
import { TorchError } from '../errors/errors.ts';
import { ledger } from '../memory/ledger.ts';
import { celu, elu, gelu, hardtanh, leakyRelu, logSigmoid, relu6, selu, silu, softplus, type GeluApproximate } from './nn_activation.ts';
import { alphaDropout, dropout, dropout1d, dropout2d, dropout3d } from './nn_dropout.ts';
import { embedding, oneHot } from './nn_embedding.ts';
import { crossEntropy, nllLoss } from './nn_loss.ts';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, huberLoss, l1Loss, mseLoss, smoothL1Loss } from './nn_loss_elementwise.ts';
import { batchNorm } from './nn_norm.ts';
import { pad } from './nn_pad.ts';
import { captureWarnings, decode, expectClose, gradients, graphOf, savedBytesOf, tensorOf, type Encoded } from './nn_test_helpers.ts';

interface InputSpec {
  name: string;
  dtype: DType;
  shape: number[];
  values: Encoded[];
  transposed: boolean;
  requiresGrad: boolean;
}

interface Case {
  name: string;
  fn: string;
  kwargs: Record<string, unknown>;
  inputs: InputSpec[];
  seed: number | null;
  error?: { type: string; message: string };
  warnings: string[];
  isInput?: number | null;
  output?: { dtype: DType; shape: number[]; strides: number[]; values: Encoded[]; requiresGrad: boolean; gradFn: string | null };
  graph?: string;
  savedBytes?: number[];
  after?: Record<string, Encoded[]>;
  grads?: (Encoded[] | null)[];
  gradgrads?: (Encoded[] | null)[];
}

const fixtures = JSON.parse(readFileSync(new URL('./nn.fixtures.json', import.meta.url), 'utf8')) as { cases: Case[] };

type Args = Record<string, Tensor | undefined>;
type Kw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Python's F.<fn>(...) keyword arguments, mapped onto the engine's functional API. */
const CALLS: Record<string, (a: Args, kw: Kw) => Tensor> = {
  leaky_relu: (a, kw) => leakyRelu(a.input!, kw.negative_slope ?? 0.01),
  elu: (a, kw) => elu(a.input!, kw.alpha ?? 1),
  selu: (a) => selu(a.input!),
  celu: (a, kw) => celu(a.input!, kw.alpha ?? 1),
  gelu: (a, kw) => gelu(a.input!, (kw.approximate ?? 'none') as GeluApproximate),
  softplus: (a, kw) => softplus(a.input!, kw.beta ?? 1, kw.threshold ?? 20),
  silu: (a) => silu(a.input!),
  hardtanh: (a, kw) => hardtanh(a.input!, kw.min_val ?? -1, kw.max_val ?? 1),
  relu6: (a) => relu6(a.input!),
  logsigmoid: (a) => logSigmoid(a.input!),
  nll_loss: (a, kw) => nllLoss(a.input!, a.target!, a.weight ?? null, kw.ignore_index ?? -100, kw.reduction ?? 'mean'),
  cross_entropy: (a, kw) =>
    crossEntropy(a.input!, a.target!, a.weight ?? null, kw.ignore_index ?? -100, kw.reduction ?? 'mean', kw.label_smoothing ?? 0),
  mse_loss: (a, kw) => mseLoss(a.input!, a.target!, kw.reduction ?? 'mean'),
  l1_loss: (a, kw) => l1Loss(a.input!, a.target!, kw.reduction ?? 'mean'),
  smooth_l1_loss: (a, kw) => smoothL1Loss(a.input!, a.target!, kw.reduction ?? 'mean', kw.beta ?? 1),
  huber_loss: (a, kw) => huberLoss(a.input!, a.target!, kw.reduction ?? 'mean', kw.delta ?? 1),
  binary_cross_entropy: (a, kw) => binaryCrossEntropy(a.input!, a.target!, a.weight ?? null, kw.reduction ?? 'mean'),
  binary_cross_entropy_with_logits: (a, kw) =>
    binaryCrossEntropyWithLogits(a.input!, a.target!, a.weight ?? null, kw.reduction ?? 'mean', a.pos_weight ?? null),
  dropout: (a, kw) => dropout(a.input!, kw.p ?? 0.5, kw.training ?? true, kw.inplace ?? false),
  dropout1d: (a, kw) => dropout1d(a.input!, kw.p ?? 0.5, kw.training ?? true, kw.inplace ?? false),
  dropout2d: (a, kw) => dropout2d(a.input!, kw.p ?? 0.5, kw.training ?? true, kw.inplace ?? false),
  dropout3d: (a, kw) => dropout3d(a.input!, kw.p ?? 0.5, kw.training ?? true, kw.inplace ?? false),
  alpha_dropout: (a, kw) => alphaDropout(a.input!, kw.p ?? 0.5, kw.training ?? false, kw.inplace ?? false),
  batch_norm: (a, kw) =>
    batchNorm(a.input!, a.running_mean ?? null, a.running_var ?? null, a.weight ?? null, a.bias ?? null, kw.training ?? false, kw.momentum ?? 0.1, kw.eps ?? 1e-5),
  embedding: (a, kw) => embedding(a.input!, a.weight!, kw.padding_idx ?? null, kw.max_norm ?? null, kw.norm_type ?? 2, kw.scale_grad_by_freq ?? false),
  one_hot: (a, kw) => oneHot(a.tensor!, kw.num_classes ?? -1),
  pad: (a, kw) => pad(a.input!, kw.pad, kw.mode ?? 'constant', kw.value ?? null),
};

/** Where PyTorch 2.x (the reference) differs from the 1.13 that recorded the fixtures. */
const TORCH2: Record<string, (c: Case) => void> = {
  // 2.x's F.smooth_l1_loss calls l1_loss for beta=0.
  'smooth_l1_loss beta 0': (c) => void (c.output!.gradFn = 'MeanBackward0'),
  'one_hot float': (c) => void (c.error!.message = 'one_hot is only applicable to index tensor of type LongTensor.'),
  // 2.x's narrow checks the length before the range.
  'pad negative size': (c) => void (c.error!.message = 'narrow(): length must be non-negative.'),
};
/** 2.x's EmbeddingBackward0 keeps weight.sym_size(0), not weight: only the indices are saved. */
function expectedSaved(c: Case): number[] | undefined {
  if (c.fn !== 'embedding' || !c.savedBytes) return c.savedBytes;
  const indices = c.inputs.find((s) => s.name === 'input')!;
  const bytes = indices.shape.reduce((a, b) => a * b, 1) * (indices.dtype === 'int32' ? 4 : 8);
  return [bytes];
}

function tolerances(dtype: DType): [number, number] {
  return dtype === 'float64' ? [1e-10, 1e-9] : [1e-5, 2e-5];
}

function run(c: Case): void {
  TORCH2[c.name]?.(c);
  const before = ledger.allocated;
  const leaves = c.inputs.map((s) => {
    const t = tensorOf(s.values.map(decode), s.shape, s.dtype, s.transposed);
    t.leafRequiresGrad = s.requiresGrad;
    return t;
  });
  const args: Args = Object.fromEntries(c.inputs.map((s, i) => [s.name, leaves[i]]));
  if (c.seed !== null) defaultGenerator.manualSeed(c.seed);
  const { result: out, error, warnings } = captureWarnings(() => CALLS[c.fn]!(args, c.kwargs));
  try {
    expect(warnings).toEqual(c.warnings);
    if (c.error) {
      expect(error, `expected ${c.error.type}: ${c.error.message}`).toBeInstanceOf(TorchError);
      expect(`${(error as TorchError).pyType}: ${(error as TorchError).message}`).toBe(`${c.error.type}: ${c.error.message}`);
      return;
    }
    if (error) throw error;
    const want = c.output!;
    expect(out!.dtype).toBe(want.dtype);
    expect(out!.shape).toEqual(want.shape);
    if (out!.numel > 1) expect(out!.strides, 'strides').toEqual(want.strides);
    const [atol, rtol] = tolerances(want.dtype);
    expectClose(out!.toArray(), want.values.map(decode), 'output', atol, rtol);
    expect(out!.requiresGrad).toBe(want.requiresGrad);
    expect(out!.gradFn?.name ?? null).toBe(want.gradFn);
    if (c.isInput !== undefined && c.isInput !== null) expect(out).toBe(leaves[c.isInput]);
    else expect(leaves.includes(out!)).toBe(false);
    if (c.graph) expect(graphOf(out!)).toBe(c.graph);
    const saved = expectedSaved(c);
    if (saved) expect(savedBytesOf(out!)).toEqual(saved);
    for (const [name, values] of Object.entries(c.after ?? {})) {
      const leaf = args[name]!;
      expectClose(leaf.toArray(), values.map(decode), `${name} after the call`, ...tolerances(leaf.dtype));
    }
    if (c.grads) {
      const diff = leaves.filter((l) => l.requiresGrad);
      const { grads, gradgrads } = gradients(out!, diff, c.gradgrads !== undefined);
      grads.forEach((g, k) => expectClose(g, c.grads![k]?.map(decode) ?? null, `grad of ${diff[k] === args.input ? 'input' : `input ${k}`}`, ...tolerances(diff[k]!.dtype)));
      gradgrads?.forEach((g, k) => expectClose(g, c.gradgrads![k]?.map(decode) ?? null, `double-backward grad ${k}`, ...tolerances(diff[k]!.dtype)));
    }
  } finally {
    out?.release();
    for (const l of leaves) l.release();
  }
  expect(ledger.allocated, 'bytes left once every tensor is released').toBe(before);
}

describe('torch.nn.functional against PyTorch (nn.fixtures.json)', () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => run(structuredClone(c)));
});
