// Tensor-level services for the Python facade: building tensors from Python
// data, reading values, autograd flags, `.data`, `.grad`, printing, identity.
// Simple facts (id, dtype, shape, strides, offset, requiresGrad, isLeaf) are
// read by Python straight off the engine tensor; everything that changes a
// tensor or owns a reference goes through here.
import { isFloating, type DType } from '../core/dtype.ts';
import type { StorageRole } from '../core/storage.ts';
import { Tensor } from '../core/tensor.ts';
import { formatTensor, getPrintOptions, setPrintOptions, type SetPrintOptionsArgs } from '../format/repr.ts';
import { runtimeError } from '../errors/errors.ts';
import { contiguousCopy } from '../kernels/elementwise.ts';
import { toJs } from './bridge_python.ts';

/** Fake but stable addresses for data_ptr(): one block per storage, offsets inside it. */
const storageAddress = new WeakMap<object, number>();
let nextAddress = 0x5f3e_0000_0000;

function addressOf(t: Tensor): number {
  let base = storageAddress.get(t.storage);
  if (base === undefined) {
    base = nextAddress;
    nextAddress += Math.ceil((t.storage.nbytes + 1) / 512) * 512 + 512;
    storageAddress.set(t.storage, base);
  }
  return base + t.offset * (t.storage.nbytes / Math.max(t.storage.size, 1));
}

const LEAF_ONLY = 'you can only change requires_grad flags of leaf variables.';

export const tensorBridge = {
  /** An uninitialised (zero-filled) tensor. */
  empty(shape: unknown, dtype: DType): Tensor {
    return Tensor.empty(toJs(shape) as number[], dtype);
  },
  /** Row-major values as a JS array (Python converts them to int/float/bool by dtype). */
  values(t: Tensor): number[] {
    return t.toArray();
  },
  /** The single value of a one-element tensor. */
  item(t: Tensor): number {
    if (t.numel !== 1) throw runtimeError(`a Tensor with ${t.numel} elements cannot be converted to Scalar`);
    return t.storage.data[t.offset]!;
  },
  format(t: Tensor, prefix?: string, indent?: number): string {
    return formatTensor(t, { ...(prefix !== undefined ? { prefix } : {}), ...(indent !== undefined ? { indent } : {}) });
  },
  setPrintOptions(opts: unknown): void {
    setPrintOptions((toJs(opts) ?? {}) as SetPrintOptionsArgs);
  },
  getPrintOptions(): Record<string, unknown> {
    const o = getPrintOptions();
    return { precision: o.precision, threshold: o.threshold, edgeitems: o.edgeitems, linewidth: o.linewidth, sci_mode: o.sciMode };
  },

  /** What untyped_storage() reports: the storage's base address, byte size and every element's value. */
  storageInfo(t: Tensor): { address: number; nbytes: number; values: number[]; dtype: DType } {
    const itemsize = t.storage.nbytes / Math.max(t.storage.size, 1);
    return {
      address: addressOf(t) - t.offset * itemsize,
      nbytes: t.storage.nbytes,
      values: Array.from(t.storage.data as ArrayLike<number>, Number),
      dtype: t.dtype,
    };
  },

  retain(t: Tensor): Tensor {
    return t.retain();
  },
  release(t: Tensor): void {
    t.release();
  },
  refCount(t: Tensor): number {
    return t.refCount;
  },

  /** requires_grad setter with PyTorch's rules and messages. */
  setRequiresGrad(t: Tensor, flag: boolean): void {
    if (!t.isLeaf) {
      throw runtimeError(
        flag
          ? LEAF_ONLY
          : `${LEAF_ONLY} If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().`,
      );
    }
    if (flag && !isFloating(t.dtype)) throw runtimeError('only Tensors of floating point and complex dtype can require gradients');
    t.leafRequiresGrad = flag;
  },
  /** .grad: a new reference for the Python wrapper, or null. */
  grad(t: Tensor): Tensor | undefined {
    return t.grad ? t.grad.retain() : undefined;
  },
  setGrad(t: Tensor, g: Tensor | null | undefined): void {
    if (g) {
      if (g.dtype !== t.dtype) throw runtimeError('attempting to assign a gradient with dtype ' + `'${g.dtype}' to a tensor with dtype '${t.dtype}'. Please ensure that the gradient and the tensor have the same dtype`);
      if (g.shape.length !== t.shape.length || g.shape.some((s, i) => s !== t.shape[i])) {
        throw runtimeError('assigned grad has data of a different size');
      }
      g.retain();
      g.storage.setRole('gradient');
    }
    if (t.grad) t.grad.release();
    t.grad = g ?? null;
  },

  /** detach_(): the tensor becomes a leaf that does not require grad. */
  detachInPlace(t: Tensor): void {
    if (t.gradFn) t.gradFn.release();
    t.gradFn = null;
    t.leafRequiresGrad = false;
  },
  /** The view base (x._base), a new reference, or undefined. */
  base(t: Tensor): Tensor | undefined {
    return t.base ? t.base.retain() : undefined;
  },
  /** detach(): a new leaf over the same storage, sharing the version counter. */
  detach(t: Tensor): Tensor {
    const d = new Tensor(t.storage, t.shape, t.strides, t.offset, t.version);
    d.isInference = t.isInference;
    return d;
  },
  /** .data: like detach() but with its own version counter (changes are invisible to autograd). */
  data(t: Tensor): Tensor {
    const d = new Tensor(t.storage, t.shape, t.strides, t.offset);
    d.isInference = t.isInference;
    return d;
  },
  /** `x.data = y`: x now views y's storage (shape, strides and dtype too). */
  setData(t: Tensor, src: Tensor): void {
    const old = t.storage;
    src.storage.retain();
    if (old.role) src.storage.setRole(old.role);
    t.storage = src.storage;
    t.dtype = src.dtype;
    t.shape = [...src.shape];
    t.strides = [...src.strides];
    t.offset = src.offset;
    old.release();
  },
  /** A contiguous copy (clone without autograd). */
  copy(t: Tensor, dtype?: DType): Tensor {
    return contiguousCopy(t, dtype ?? t.dtype);
  },
  dataPtr(t: Tensor): number {
    return addressOf(t);
  },
  setStorageRole(t: Tensor, role: StorageRole | null | undefined): void {
    t.storage.setRole(role ?? null);
  },
  setLabel(t: Tensor, label: string | null | undefined): void {
    t.label = label ?? null;
  },
};
