// In-place ops: add_, mul_, clamp_, copy_, fill_, masked_fill_, relu_ ...
//
// Note [In-place ops]: an in-place op runs the out-of-place op's math and
// writes the result into `self`. What PyTorch does around that, we do too:
//  * checks, in PyTorch's order: a leaf that requires grad (or a view of one)
//    under grad mode; a written-to tensor with internal overlap (an expanded
//    tensor); an input that partly overlaps it; the broadcast shape against
//    self's shape; the result dtype against self's dtype;
//  * the version counter (shared with views) goes up once per op;
//  * autograd: when a graph is recorded, self's history is rebased — the op's
//    node (from the table, with the table's derivative) becomes self's
//    grad_fn, and its edge for self points at self's old grad_fn. A formula
//    that reads self's *old* value gets a saved clone of it (PyTorch's
//    `original_self`); one that reads the result saves self itself, so a later
//    in-place change makes backward raise "modified by an inplace operation".
// When no graph is recorded, ops with a direct kernel write straight into
// self without a temporary, so in-place updates (optimizer steps, running
// sums) allocate nothing, as in PyTorch. Recording goes through a temporary
// result. In-place ops on views of tensors that require grad (PyTorch's
// CopySlices) are not supported yet and raise NotImplementedError.
//
// In-place functions return `self` itself — the caller's existing reference,
// not a new one (the exception to Note [Tensor ownership]).
import { canCast, castValue, getDefaultDtype, isFloating, type DType } from '../core/dtype.ts';
import { broadcastAll, sameShape, type Shape } from '../core/shape.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { isGradEnabled, isInferenceMode } from '../autograd/grad_mode.ts';
import type { Node } from '../autograd/node.ts';
import { SavedTensor } from '../autograd/saved.ts';
import { constantOperand, contiguousCopy, mapBinary, mapTernary, updateInPlace } from '../kernels/elementwise.ts';
import { fastBinary, type BinaryScalar } from '../kernels/elementwise_fast.ts';
import { addRoundedRows, addScaledRoundedRows, divRoundedRows, mulRoundedRows, subScaledRoundedRows } from '../kernels/elementwise_rows_binary.ts';
import { fmtShape, notImplemented, runtimeError, scalarTypeName, warn } from '../errors/errors.ts';
import { run1, runOp, type OpSpec } from './define.ts';
import { scalarTo } from './creation.ts';
import { isNonOverlappingAndDense } from './layout_geometry.ts';
import {
  asBound, boundIn, clampMaxOp, clampMaxTensorOp, clampMinOp, clampMinTensorOp, clampOp, clampScalarDtype, clampTensorOp,
  clampValue, isTensorClamp, withTensorBounds, type Bound,
} from './clamp.ts';
import { add, addValues, div, divValues, mul, mulValues, pow, scaledArithmetic, sub, where } from './pointwise_binary.ts';
import { addcdiv, addcmul, lerp } from './pointwise_ternary.ts';
import { unary } from './pointwise_unary.ts';
import { promote, reduceGrad, withTensors, type TensorOrScalar } from './util.ts';

/** How an op treats memory overlap of the written-to tensor (TensorIterator's check_mem_overlap). */
export type OverlapCheck = 'error' | 'none';

export interface InPlaceCall {
  /** The method name, for messages: "add_". */
  readonly name: string;
  readonly self: Tensor;
  /** Tensor operands (wrapped numbers included): broadcast, overlap and requires-grad checks. */
  readonly others?: readonly Tensor[];
  /** The computation's dtype, checked against self's before any work; else checked on the result. */
  readonly resultDtype?: DType;
  /** Formats the cast error (clamp with number bounds names C++ types). */
  readonly castMessage?: (from: DType, to: DType) => string;
  /** Overlap checks (default 'error'; fill_ and zero_ write expanded tensors happily). */
  readonly overlap?: OverlapCheck;
  /** The out-of-place computation, with `self` (or its stand-in) as first operand; returns an owned tensor. */
  compute(self: Tensor): Tensor;
  /** Writes the new values into self directly; used when no graph is recorded. */
  direct?(): void;
}

const castMessageDefault = (from: DType, to: DType) =>
  `result type ${scalarTypeName(from)} can't be cast to the desired output type ${scalarTypeName(to)}`;

/** C++ type names (caffe2::TypeMeta), which some ATen messages print instead of Float/Long. */
const TYPE_META_NAMES: Record<DType, string> = {
  bool: 'bool', uint8: 'unsigned char', int8: 'signed char', int16: 'short int', int32: 'int', int64: 'long int',
  float16: 'c10::Half', float32: 'float', float64: 'double',
};
export function typeMetaName(dtype: DType): string {
  return TYPE_META_NAMES[dtype];
}

// ---------------------------------------------------------------------------
// Checks

/** has_internal_overlap == YES: an expanded (stride 0) dimension of size > 1. */
export function hasInternalOverlap(t: Tensor): boolean {
  if (isNonOverlappingAndDense(t.shape, t.strides)) return false;
  return t.shape.some((s, i) => s > 1 && t.strides[i] === 0);
}

export function assertNoInternalOverlap(t: Tensor): void {
  if (hasInternalOverlap(t)) {
    throw runtimeError(
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.',
    );
  }
}

/** get_overlap_status(a, b) == PARTIAL: same storage, intersecting ranges, not the same layout. */
function partiallyOverlaps(a: Tensor, b: Tensor): boolean {
  if (a === b || a.storage !== b.storage || a.numel === 0 || b.numel === 0) return false;
  if (!isNonOverlappingAndDense(a.shape, a.strides) || !isNonOverlappingAndDense(b.shape, b.strides)) return false;
  const aEnd = a.offset + a.numel;
  const bEnd = b.offset + b.numel;
  if (a.offset === b.offset && aEnd === bEnd) return !a.strides.every((s, i) => s === b.strides[i]) || a.ndim !== b.ndim;
  return a.offset < bEnd && b.offset < aEnd;
}

export function assertNoPartialOverlap(self: Tensor, input: Tensor): void {
  if (partiallyOverlaps(self, input)) {
    throw runtimeError(
      'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.',
    );
  }
}

/** check_inplace in VariableTypeUtils.h, plus the inference-tensor rule. */
export function checkInplace(name: string, self: Tensor, anyRequiresGrad: boolean): void {
  if (self.isInference && !isInferenceMode()) {
    throw runtimeError(
      'Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.',
    );
  }
  if (!anyRequiresGrad || !isGradEnabled()) return;
  const base = self.base;
  if (base) {
    if (self.requiresGrad && base.isLeaf && base.leafRequiresGrad) {
      throw runtimeError('a view of a leaf Variable that requires grad is being used in an in-place operation.');
    }
    throw notImplemented(
      `${name}: in-place operations on a view while autograd records (PyTorch's CopySlices) are not supported yet; apply the operation to the base tensor or clone() the view first`,
    );
  }
  if (self.isLeaf && self.leafRequiresGrad) {
    throw runtimeError('a leaf Variable that requires grad is being used in an in-place operation.');
  }
}

function checkShape(self: Tensor, others: readonly Tensor[]): void {
  if (others.length === 0) return;
  const shape: Shape = broadcastAll([self.shape, ...others.map((t) => t.shape)]);
  if (!sameShape(shape, self.shape)) {
    throw runtimeError(`output with shape ${fmtShape(self.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
}

function checkCast(call: InPlaceCall, from: DType): void {
  const to = call.self.dtype;
  if (!canCast(from, to)) throw runtimeError((call.castMessage ?? castMessageDefault)(from, to));
}

// ---------------------------------------------------------------------------
// The mechanism

/** Runs an in-place op per Note [In-place ops] and returns self. */
export function applyInPlace(call: InPlaceCall): Tensor {
  const { self } = call;
  const others = call.others ?? [];
  const anyRequiresGrad = self.requiresGrad || others.some((t) => t.requiresGrad);
  checkInplace(call.name, self, anyRequiresGrad);
  if ((call.overlap ?? 'error') === 'error') {
    assertNoInternalOverlap(self);
    for (const t of others) assertNoPartialOverlap(self, t);
  }
  checkShape(self, others);
  if (call.resultDtype) checkCast(call, call.resultDtype);
  const record = anyRequiresGrad && isGradEnabled();
  if (!record && call.direct) {
    call.direct();
    self.version.value++;
    return self;
  }
  return record ? recordInPlace(call) : computeInPlace(call);
}

/**
 * Runs fn in its own scope and hands the tensor it returns to the caller
 * alone, never to an enclosing scope: tensors released here by hand must not
 * be released again when an outer scope closes (saved tensors may hold them).
 */
function owned<T>(fn: () => T): T {
  return tidy(fn, () => []);
}

/** No graph: compute out of place, copy into self. */
function computeInPlace(call: InPlaceCall): Tensor {
  const { self } = call;
  const result = owned(() => call.compute(self));
  try {
    checkResult(call, result);
    writeInto(self, result);
  } finally {
    result.release();
  }
  self.version.value++;
  return self;
}

function checkResult(call: InPlaceCall, result: Tensor): void {
  checkCast(call, result.dtype);
  if (!sameShape(result.shape, call.self.shape)) {
    throw runtimeError(`output with shape ${fmtShape(call.self.shape)} doesn't match the broadcast shape ${fmtShape(result.shape)}`);
  }
}

function writeInto(self: Tensor, values: Tensor): void {
  updateInPlace(self, values, (_, v) => v);
}

/**
 * A second handle on self (same storage, version counter and grad_fn), passed
 * to the table op as its `self` operand: whatever the node saves through this
 * handle is "the old self", while saves of `self` reached as another operand
 * (x.mul_(x)) stay tied to self and are caught by the version check.
 */
function standIn(self: Tensor): Tensor {
  const s = new Tensor(self.storage, self.shape, self.strides, self.offset, self.version);
  s.gradFn = self.gradFn;
  s.gradFn?.retain();
  s.outputNr = self.outputNr;
  s.isInference = self.isInference;
  return s;
}

/**
 * Told when an in-place op gave `t` a new grad_fn: PyTorch moves retain_grad's
 * hook from the old node (`oldFn`, output `oldNr`) to the new one, while hooks
 * from register_hook stay behind (they see the gradient of the old value).
 */
export type RebaseListener = (t: Tensor, oldFn: Node | null, oldNr: number) => void;
const rebaseListeners: RebaseListener[] = [];
export function onHistoryRebased(listener: RebaseListener): () => void {
  rebaseListeners.push(listener);
  return () => {
    const i = rebaseListeners.indexOf(listener);
    if (i >= 0) rebaseListeners.splice(i, 1);
  };
}

/** Graph recorded: the table op's node becomes self's grad_fn (history rebased). */
function recordInPlace(call: InPlaceCall): Tensor {
  const { self } = call;
  const stand = owned(() => standIn(self));
  let result: Tensor;
  try {
    result = owned(() => call.compute(stand));
  } catch (err) {
    stand.release();
    throw err;
  }
  try {
    checkResult(call, result);
    const node = result.gradFn;
    if (node) {
      // The old value, for formulas that read it (pow_, clamp_, mul_ by a tensor that requires grad).
      node.saved.forEach((s, i) => {
        if (s.held !== stand) return;
        const original = owned(() => contiguousCopy(self));
        node.saved[i] = new SavedTensor(original, false, node);
        original.release();
        s.release();
      });
    }
    writeInto(self, result);
    self.version.value++;
    if (node) {
      const [oldFn, oldNr] = [self.gradFn, self.outputNr];
      self.gradFn = node;
      self.outputNr = result.outputNr;
      result.gradFn = null;
      for (const listener of rebaseListeners) listener(self, oldFn, oldNr);
      oldFn?.release();
      node.outputs[self.outputNr] = { shape: self.shape, dtype: self.dtype };
      // Saved results alias self now, at its new version.
      node.saved.forEach((s, i) => {
        if (s.isReleased || s.storageId !== result.storage.id) return;
        node.saved[i] = new SavedTensor(self, true, node);
        s.release();
      });
    }
  } finally {
    result.release();
    stand.release();
  }
  return self;
}

// ---------------------------------------------------------------------------
// Helpers for direct kernels

/** Whether the computation type rounds each step: float32 (and half, computed in float). */
function roundsEachStep(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16';
}

// The direct kernels' scalar functions where each step rounds to float32, with
// their fast rows (Note [Fast elementwise rows]); other dtypes use the table
// ops' own (addValues, ...), since there each step is exact in double.
const addRounded = fastBinary((d: number, v: number) => Math.fround(d + v), addRoundedRows);
// With alpha, one rounding (alpha already in float32: scaledArithmetic).
const addScaledRounded = fastBinary((d: number, v: number, alpha: number) => Math.fround(d + alpha * v), addScaledRoundedRows);
const subScaledRounded = fastBinary((d: number, v: number, alpha: number) => Math.fround(d - alpha * v), subScaledRoundedRows);
const mulRounded = fastBinary((d: number, v: number) => Math.fround(d * v), mulRoundedRows);
const divRounded = fastBinary((d: number, v: number) => Math.fround(d / v), divRoundedRows);

/**
 * dst = f(dst, src, p) with src converted to the computation dtype first, as
 * TensorIterator does; `p` is f's parameter (alpha).
 */
export function directBinary(self: Tensor, other: Tensor, computeDtype: DType, f: BinaryScalar, p = 0): void {
  if (other.numel === 1) {
    // A scalar operand (a wrapped Python number): converted once.
    updateInPlace(self, constantOperand(castValue(computeDtype, other.storage.data[other.offset]!)), f, p);
    return;
  }
  if (other.dtype === computeDtype || computeDtype === 'float64') updateInPlace(self, other, f, p);
  else if (computeDtype === 'float32') updateInPlace(self, other, (d, s, q) => f(d, Math.fround(s), q), p);
  else updateInPlace(self, other, (d, s, q) => f(d, castValue(computeDtype, s), q), p);
}

/** Every element of self set to v (already converted to self's dtype). */
export function fillDirect(self: Tensor, v: number): void {
  const data = self.storage.data;
  if (self.offset === 0 && self.isContiguous() && self.numel === data.length) {
    data.fill(v);
    return;
  }
  for (const p of self.storageIndices()) data[p] = v;
}

/** True division's dtype: integer inputs divide as the default float dtype. */
export function trueDivDtype(self: Tensor, other: Tensor): DType {
  const d = promote(self, other);
  return isFloating(d) ? d : getDefaultDtype();
}

/** Runs an unregistered op spec (in-place-only nodes: CopyBackwards, FillBackward2, ...). */
export function runPrivate<A>(spec: OpSpec<A>, inputs: Tensor[], attrs: A): Tensor {
  return runOp(spec, inputs, attrs)[0]!;
}

// ---------------------------------------------------------------------------
// The in-place ops. Each is listed in `inplaceTable` for the Python bindings.

export interface InPlaceEntry {
  /** PyTorch's method signature, e.g. "add_(other, *, alpha=1)". */
  signature: string;
  doc: string;
  example: string;
}
export const inplaceTable = new Map<string, InPlaceEntry>();
function declare(name: string, entry: InPlaceEntry): void {
  if (inplaceTable.has(name)) throw new Error(`in-place op ${name} is declared twice`);
  inplaceTable.set(name, entry);
}

type NoAttrs = Record<string, never>;

declare('add_', { signature: 'add_(other, *, alpha=1)', doc: 'self += alpha * other, in place.', example: 'x = torch.zeros(3); x.add_(1)' });
/** self.add_(other, alpha=1): `add_(x, 1)` adds in place and returns x. */
export function add_(self: Tensor, other: TensorOrScalar, alpha = 1): Tensor {
  return withTensors([other], ([o]) => {
    const dtype = promote(self, o!);
    const rounds = roundsEachStep(dtype);
    const scaled = scaledArithmetic(dtype, alpha, false);
    const f = alpha === 1 ? (rounds ? addRounded : addValues) : rounds ? addScaledRounded : scaled.f;
    return applyInPlace({
      name: 'add_', self, others: [o!], resultDtype: dtype,
      compute: (s) => add(s, o!, alpha),
      direct: () => directBinary(self, o!, dtype, f, scaled.alpha),
    });
  });
}

declare('sub_', { signature: 'sub_(other, *, alpha=1)', doc: 'self -= alpha * other, in place.', example: 'x = torch.ones(3); x.sub_(1)' });
/** self.sub_(other, alpha=1). */
export function sub_(self: Tensor, other: TensorOrScalar, alpha = 1): Tensor {
  return withTensors([other], ([o]) => {
    const dtype = promote(self, o!);
    const scaled = scaledArithmetic(dtype, alpha, true);
    const f = roundsEachStep(dtype) ? subScaledRounded : scaled.f;
    return applyInPlace({
      name: 'sub_', self, others: [o!], resultDtype: dtype,
      compute: (s) => sub(s, o!, alpha),
      // bool - bool raises from the table's forward.
      direct: dtype === 'bool' ? undefined : () => directBinary(self, o!, dtype, f, scaled.alpha),
    });
  });
}

declare('addcmul_', { signature: 'addcmul_(tensor1, tensor2, *, value=1)', doc: 'self += value * tensor1 * tensor2, in place.', example: 'x = torch.zeros(2); x.addcmul_(torch.ones(2), torch.ones(2), value=3)' });
/** self.addcmul_(tensor1, tensor2, value=1). */
export function addcmul_(self: Tensor, tensor1: TensorOrScalar, tensor2: TensorOrScalar, value = 1): Tensor {
  return withTensors([tensor1, tensor2], ([a, b]) =>
    applyInPlace({ name: 'addcmul_', self, others: [a!, b!], resultDtype: promote(self, a!, b!), compute: (s) => addcmul(s, a!, b!, value) }),
  );
}

declare('addcdiv_', { signature: 'addcdiv_(tensor1, tensor2, *, value=1)', doc: 'self += value * tensor1 / tensor2, in place.', example: 'x = torch.zeros(2); x.addcdiv_(torch.ones(2), torch.full((2,), 4.), value=2)' });
/** self.addcdiv_(tensor1, tensor2, value=1). */
export function addcdiv_(self: Tensor, tensor1: TensorOrScalar, tensor2: TensorOrScalar, value = 1): Tensor {
  return withTensors([tensor1, tensor2], ([a, b]) =>
    applyInPlace({ name: 'addcdiv_', self, others: [a!, b!], resultDtype: promote(self, a!, b!), compute: (s) => addcdiv(s, a!, b!, value) }),
  );
}

declare('lerp_', { signature: 'lerp_(end, weight)', doc: 'self += weight * (end - self), in place.', example: 'x = torch.zeros(2); x.lerp_(torch.ones(2), 0.5)' });
/** self.lerp_(end, weight): a number or a tensor weight. */
export function lerp_(self: Tensor, end: TensorOrScalar, weight: TensorOrScalar): Tensor {
  return withTensors([end, weight], ([e, w]) =>
    applyInPlace({ name: 'lerp_', self, others: [e!, w!], resultDtype: promote(self, e!), compute: (s) => lerp(s, e!, w!) }),
  );
}

declare('mul_', { signature: 'mul_(other)', doc: 'self *= other, in place.', example: 'x = torch.ones(3); x.mul_(2)' });
/** self.mul_(other). */
export function mul_(self: Tensor, other: TensorOrScalar): Tensor {
  return withTensors([other], ([o]) => {
    const dtype = promote(self, o!);
    const f = roundsEachStep(dtype) ? mulRounded : mulValues;
    return applyInPlace({
      name: 'mul_', self, others: [o!], resultDtype: dtype,
      compute: (s) => mul(s, o!),
      direct: () => directBinary(self, o!, dtype, f),
    });
  });
}

declare('div_', { signature: 'div_(other, *, rounding_mode=None)', doc: 'self /= other, in place.', example: 'x = torch.ones(3); x.div_(2)' });
/** self.div_(other, rounding_mode=None): true division needs a floating self. */
export function div_(self: Tensor, other: TensorOrScalar, roundingMode: 'trunc' | 'floor' | null = null): Tensor {
  return withTensors([other], ([o]) => {
    const dtype = roundingMode === null ? trueDivDtype(self, o!) : promote(self, o!);
    const f = roundsEachStep(dtype) ? divRounded : divValues;
    return applyInPlace({
      name: 'div_', self, others: [o!], resultDtype: dtype,
      compute: (s) => div(s, o!, roundingMode),
      direct: roundingMode === null ? () => directBinary(self, o!, dtype, f) : undefined,
    });
  });
}

declare('pow_', { signature: 'pow_(exponent)', doc: 'self **= exponent, in place.', example: 'x = torch.tensor([1., 2.]); x.pow_(2)' });
/** self.pow_(exponent). */
export function pow_(self: Tensor, exponent: TensorOrScalar): Tensor {
  if (!(exponent instanceof Tensor)) {
    const e = Number(exponent);
    const dtype = isFloating(self.dtype) || Number.isInteger(e) ? self.dtype : getDefaultDtype();
    return applyInPlace({ name: 'pow_', self, resultDtype: dtype, compute: (s) => pow(s, e) });
  }
  return applyInPlace({ name: 'pow_', self, others: [exponent], resultDtype: promote(self, exponent), compute: (s) => pow(s, exponent) });
}

declare('clamp_', { signature: 'clamp_(min=None, max=None)', doc: 'Limits self to [min, max] in place.', example: 'x = torch.tensor([-2., 2.]); x.clamp_(-1, 1)' });
type OptBound = TensorOrScalar | null | undefined;
/** self.clamp_(min=None, max=None): number bounds (ClampBackward1) or tensor bounds (ClampBackward0). */
export function clamp_(self: Tensor, min?: OptBound, max?: OptBound): Tensor {
  if (isTensorClamp(min, max)) {
    return withTensorBounds(self, min, max, ([, lo, hi], attrs) => {
      const present = [...(attrs.hasMin ? [lo!] : []), ...(attrs.hasMax ? [hi!] : [])];
      return applyInPlace({
        name: 'clamp_', self, others: present, resultDtype: promote(self, ...present),
        compute: (s) => run1(clampTensorOp, [s, lo!, hi!], attrs),
      });
    });
  }
  const lo = min === null || min === undefined ? null : asBound(min);
  const hi = max === null || max === undefined ? null : asBound(max);
  return clampScalar_('clamp_', self, lo, hi, (s) => run1(clampOp, [s], { min: lo, max: hi }));
}

/** clamp_ / clamp_min_ / clamp_max_ with number bounds: written directly when nothing is recorded. */
function clampScalar_(name: string, self: Tensor, lo: Bound | null, hi: Bound | null, compute: (s: Tensor) => Tensor): Tensor {
  const dtype = clampScalarDtype(self, [lo, hi]);
  return applyInPlace({
    name, self, resultDtype: dtype, compute,
    castMessage: (from, to) => `result type ${scalarTypeName(from)} can't be cast to the desired output type ${typeMetaName(to)}`,
    direct: lo || hi ? () => {
      const l = boundIn(dtype, lo, -Infinity);
      const h = boundIn(dtype, hi, Infinity);
      updateInPlace(self, self, (d) => clampValue(d, l, h));
    } : undefined,
  });
}

declare('clamp_min_', { signature: 'clamp_min_(min)', doc: 'self = max(self, min), in place.', example: 'x = torch.tensor([-2., 2.]); x.clamp_min_(0)' });
/** self.clamp_min_(min). */
export function clampMin_(self: Tensor, min: TensorOrScalar): Tensor {
  const b = asBound(min);
  if (b) return clampScalar_('clamp_min_', self, b, null, (s) => run1(clampMinOp, [s], { bound: b }));
  const t = min as Tensor;
  return applyInPlace({ name: 'clamp_min_', self, others: [t], resultDtype: promote(self, t), compute: (s) => run1(clampMinTensorOp, [s, t], {}) });
}

declare('clamp_max_', { signature: 'clamp_max_(max)', doc: 'self = min(self, max), in place.', example: 'x = torch.tensor([-2., 2.]); x.clamp_max_(0)' });
/** self.clamp_max_(max). */
export function clampMax_(self: Tensor, max: TensorOrScalar): Tensor {
  const b = asBound(max);
  if (b) return clampScalar_('clamp_max_', self, null, b, (s) => run1(clampMaxOp, [s], { bound: b }));
  const t = max as Tensor;
  return applyInPlace({ name: 'clamp_max_', self, others: [t], resultDtype: promote(self, t), compute: (s) => run1(clampMaxTensorOp, [s, t], {}) });
}

/** Unary ops with an in-place form (PyTorch's `exp_`, `relu_`, ...). */
const UNARY_INPLACE = ['neg', 'exp', 'log', 'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'relu', 'abs', 'sign', 'reciprocal', 'floor', 'ceil', 'trunc', 'round', 'frac'];
for (const name of UNARY_INPLACE) {
  declare(`${name}_`, { signature: `${name}_()`, doc: `In-place ${name}.`, example: `x = torch.tensor([0.5, 1.]); x.${name}_()` });
}

/** self.<name>_() for a unary op: `unaryInPlace('exp', x)`; the result dtype must fit self's. */
export function unaryInPlace(name: string, self: Tensor): Tensor {
  if (!UNARY_INPLACE.includes(name)) throw new Error(`no in-place unary op ${name}_`);
  return applyInPlace({ name: `${name}_`, self, compute: (s) => unary(name, s) });
}
export const neg_ = (x: Tensor) => unaryInPlace('neg', x);
export const exp_ = (x: Tensor) => unaryInPlace('exp', x);
export const log_ = (x: Tensor) => unaryInPlace('log', x);
export const sqrt_ = (x: Tensor) => unaryInPlace('sqrt', x);
export const tanh_ = (x: Tensor) => unaryInPlace('tanh', x);
export const sigmoid_ = (x: Tensor) => unaryInPlace('sigmoid', x);
export const relu_ = (x: Tensor) => unaryInPlace('relu', x);
export const abs_ = (x: Tensor) => unaryInPlace('abs', x);

// copy_ --------------------------------------------------------------------

const copySpec: OpSpec<NoAttrs> = {
  name: 'copy_',
  signature: 'copy_(src, non_blocking=False)',
  gradFn: 'CopyBackwards',
  doc: 'The values of src, broadcast to self and cast to its dtype.',
  example: 'x = torch.zeros(2, 3); x.copy_(torch.tensor([1, 2, 3]))',
  forward: ([s, src]) => ({ out: mapBinary(s!, src!, s!.dtype, (_, v) => v) }),
  backward: (ctx, [g]) => [
    ctx.needsGrad(0) ? zerosOf(g!) : null,
    ctx.needsGrad(1) ? reduceGrad(g!, ctx.inputs[1]!) : null,
  ],
};
declare('copy_', { signature: copySpec.signature, doc: copySpec.doc, example: copySpec.example });

/** self.copy_(src): src broadcast into self, cast to self's dtype (any cast is allowed). */
export function copy_(self: Tensor, src: Tensor): Tensor {
  return applyInPlace({
    name: 'copy_', self, others: [src], resultDtype: self.dtype,
    compute: (s) => runPrivate(copySpec, [s, src], {}),
    direct: () => {
      if (src !== self) updateInPlace(self, src, (_, v) => v);
    },
  });
}

function zerosOf(g: Tensor): Tensor {
  return Tensor.empty(g.shape, g.dtype);
}

// fill_ and zero_ ----------------------------------------------------------

interface FillAttrs {
  value: number;
}
const fillSpec: OpSpec<FillAttrs> = {
  name: 'fill_', signature: 'fill_(value)', gradFn: 'FillBackward2',
  doc: 'Every element set to value.', example: 'x = torch.empty(3); x.fill_(7)',
  forward: ([s], { value }) => {
    const out = Tensor.empty(s!.shape, s!.dtype);
    out.storage.data.fill(value);
    return { out };
  },
  backward: (_ctx, [g]) => [zerosOf(g!)],
};
const fillTensorSpec: OpSpec<NoAttrs> = {
  name: 'fill_.Tensor', signature: 'fill_(value)', gradFn: 'FillBackward3',
  doc: 'Every element set to a 0-dim tensor value.', example: 'x = torch.empty(3); x.fill_(torch.tensor(7.))',
  forward: ([s, v]) => ({ out: mapBinary(s!, v!, s!.dtype, (_, x) => x) }),
  backward: (ctx, [g]) => [ctx.needsGrad(0) ? zerosOf(g!) : null, ctx.needsGrad(1) ? reduceGrad(g!, ctx.inputs[1]!) : null],
};
const zeroSpec: OpSpec<NoAttrs> = {
  name: 'zero_', signature: 'zero_()', gradFn: 'ZeroBackward0',
  doc: 'Every element set to zero.', example: 'x = torch.ones(3); x.zero_()',
  forward: ([s]) => ({ out: Tensor.empty(s!.shape, s!.dtype) }),
  backward: (_ctx, [g]) => [zerosOf(g!)],
};
for (const spec of [fillSpec, zeroSpec]) declare(spec.name, { signature: spec.signature, doc: spec.doc, example: spec.example });

/** The scalar a fill value stands for, with Scalar::to<T>'s overflow check; null for a real tensor. */
function fillScalar(dtype: DType, value: number | boolean | Tensor, isFloat: boolean): number | null {
  if (value instanceof Tensor) {
    if (!value.wrappedNumber) return null;
    return scalarTo(dtype, value.toArray()[0]!, isFloating(value.dtype));
  }
  return scalarTo(dtype, value, isFloat);
}

/**
 * self.fill_(value): a number, or a 0-dim tensor (whose gradient is the sum of
 * the incoming one). Writes expanded tensors too.
 *
 * ```ts
 * fill_(x, 7); // x is all 7, x._version + 1
 * ```
 */
export function fill_(self: Tensor, value: number | boolean | Tensor, options: { hasFloat?: boolean } = {}): Tensor {
  if (value instanceof Tensor && !value.wrappedNumber) {
    if (value.ndim !== 0) throw runtimeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
    return applyInPlace({
      name: 'fill_', self, others: [value], overlap: 'none', resultDtype: self.dtype,
      compute: (s) => runPrivate(fillTensorSpec, [s, value], {}),
      direct: () => fillDirect(self, scalarTo(self.dtype, value.toArray()[0]!, isFloating(value.dtype))),
    });
  }
  const v = fillScalar(self.dtype, value, options.hasFloat ?? false)!;
  return applyInPlace({
    name: 'fill_', self, overlap: 'none', resultDtype: self.dtype,
    compute: (s) => runPrivate(fillSpec, [s], { value: v }),
    direct: () => fillDirect(self, v),
  });
}

/** self.zero_(). */
export function zero_(self: Tensor): Tensor {
  return applyInPlace({
    name: 'zero_', self, overlap: 'none', resultDtype: self.dtype,
    compute: (s) => runPrivate(zeroSpec, [s], {}),
    direct: () => fillDirect(self, 0),
  });
}

// masked_fill_ ---------------------------------------------------------------

const maskedFillSpec: OpSpec<FillAttrs> = {
  name: 'masked_fill_', signature: 'masked_fill_(mask, value)', gradFn: 'MaskedFillBackward0',
  doc: 'value where mask is True (mask broadcast to self).',
  example: 'x = torch.zeros(3); x.masked_fill_(torch.tensor([True, False, True]), 1.)',
  differentiable: [0],
  forward: ([s, mask], { value }) => ({ out: mapBinary(s!, mask!, s!.dtype, (d, m) => (m ? value : d)), save: [mask!] }),
  backward: (ctx, [g]) => [where(ctx.saved[0]!, 0, g!), null],
};
const maskedFillTensorSpec: OpSpec<NoAttrs> = {
  name: 'masked_fill_.Tensor', signature: 'masked_fill_(mask, value)', gradFn: 'MaskedFillBackward1',
  doc: 'masked_fill_ with a 0-dim tensor value.', example: maskedFillSpec.example,
  differentiable: [0, 2],
  forward: ([s, mask, v]) => ({ out: mapTernary(s!, mask!, v!, s!.dtype, (d, m, x) => (m ? x : d)), save: [mask!] }),
  backward: (ctx, [g]) => [
    ctx.needsGrad(0) ? where(ctx.saved[0]!, 0, g!) : null,
    null,
    ctx.needsGrad(2) ? reduceGrad(where(ctx.saved[0]!, g!, 0), ctx.inputs[2]!) : null,
  ],
};
declare('masked_fill_', { signature: maskedFillSpec.signature, doc: maskedFillSpec.doc, example: maskedFillSpec.example });

/**
 * self.masked_fill_(mask, value): mask must be bool and broadcast to self;
 * value a number or a 0-dim tensor.
 */
export function maskedFill_(self: Tensor, mask: Tensor, value: number | boolean | Tensor, options: { hasFloat?: boolean } = {}): Tensor {
  if (mask.dtype !== 'bool') {
    throw runtimeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${typeMetaName(mask.dtype)}`);
  }
  const tensorValue = value instanceof Tensor && !value.wrappedNumber ? value : null;
  if (tensorValue && tensorValue.ndim !== 0) {
    throw runtimeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${tensorValue.ndim} dimension(s).`);
  }
  checkInplace('masked_fill_', self, self.requiresGrad || (tensorValue?.requiresGrad ?? false));
  if (hasInternalOverlap(self)) {
    warn('Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar');
  }
  assertNoPartialOverlap(self, mask);
  if (tensorValue) {
    return applyInPlace({
      name: 'masked_fill_', self, others: [mask, tensorValue], overlap: 'none', resultDtype: self.dtype,
      compute: (s) => runPrivate(maskedFillTensorSpec, [s, mask, tensorValue], {}),
      direct: () => {
        const v = scalarTo(self.dtype, tensorValue.toArray()[0]!, isFloating(tensorValue.dtype));
        updateInPlace(self, mask, (d, m) => (m ? v : d));
      },
    });
  }
  const v = fillScalar(self.dtype, value, options.hasFloat ?? false)!;
  return applyInPlace({
    name: 'masked_fill_', self, others: [mask], overlap: 'none', resultDtype: self.dtype,
    compute: (s) => runPrivate(maskedFillSpec, [s, mask], { value: v }),
    direct: () => updateInPlace(self, mask, (d, m) => (m ? v : d)),
  });
}
