// A Tensor is a strided view of a Storage plus its autograd metadata.
//
// Note [Tensor ownership]: a tensor starts with one reference, owned by whoever
// created it (a Python wrapper, a test, an op's caller). Holders that keep a
// tensor (a grad slot, a saved tensor, an AccumulateGrad node, a view's base)
// call retain(); dropping a holder calls release(). At zero the tensor gives
// up its storage and its grad_fn, so memory is freed as PyTorch frees it.
import { castValue, getDefaultDtype, type DType } from './dtype.ts';
import { contiguousStrides, isContiguous, numel, type Shape } from './shape.ts';
import { Storage } from './storage.ts';
import { recordInScope } from './scope.ts';
import { liveTensors } from '../memory/live.ts';
import type { Node } from '../autograd/node.ts';

let nextTensorId = 1;

/** Shared by a tensor, its views and detach(): bumped by every in-place op. */
export class VersionCounter {
  value = 0;
}

export type TensorHook = (grad: Tensor) => Tensor | null | undefined | void;

export class Tensor {
  readonly id = nextTensorId++;
  storage: Storage;
  dtype: DType;
  shape: number[];
  strides: number[];
  offset: number;
  version: VersionCounter;

  /** requires_grad of a leaf; a non-leaf requires grad iff it has a grad_fn. */
  leafRequiresGrad = false;
  gradFn: Node | null = null;
  outputNr = 0;
  grad: Tensor | null = null;
  retainsGrad = false;
  /** register_hook's hooks; made on the first one (most tensors never get one). */
  hooks: TensorHook[] | null = null;
  /** The leaf's AccumulateGrad node while one exists (a weak link: the node owns the tensor). */
  gradAccumulator: Node | null = null;
  /** For views: the tensor whose storage this views (kept alive, as PyTorch's view base). */
  base: Tensor | null = null;
  isInference = false;
  /** A display label for graph views, e.g. "fc1.weight". */
  label: string | null = null;
  /** A Python number wrapped as a 0-dim tensor: type promotion treats it as a scalar. */
  wrappedNumber = false;
  /** Handles the Python bridge has handed out for this tensor and not had back, and the bridge's number for it (Note [Integer handles]). */
  pyHandles = 0;
  pySlot = 0;
  /** Links of liveTensors (engine/memory/live.ts). */
  livePrev: Tensor | null = null;
  liveNext: Tensor | null = null;

  private refs = 1;
  released = false;

  constructor(storage: Storage, shape: Shape, strides?: readonly number[], offset = 0, version?: VersionCounter) {
    storage.retain();
    this.storage = storage;
    this.dtype = storage.dtype;
    this.shape = [...shape];
    this.strides = strides ? [...strides] : contiguousStrides(shape);
    this.offset = offset;
    this.version = version ?? new VersionCounter();
    liveTensors.add(this);
    recordInScope(this);
  }

  /** A fresh contiguous tensor (values zero). */
  static empty(shape: Shape, dtype: DType = getDefaultDtype()): Tensor {
    return new Tensor(Storage.allocate(dtype, numel(shape)), shape);
  }

  /**
   * A fresh contiguous tensor whose values are unspecified (a recycled array's
   * old ones), for a kernel that writes every element before anything reads it.
   */
  static forOverwrite(shape: Shape, dtype: DType = getDefaultDtype()): Tensor {
    return new Tensor(Storage.allocate(dtype, numel(shape), false), shape);
  }

  /** A contiguous tensor that takes ownership of `data` (already of the dtype's array type). */
  static fromData(data: Storage['data'], shape: Shape, dtype: DType): Tensor {
    return new Tensor(Storage.fromArray(dtype, data), shape);
  }

  get ndim(): number {
    return this.shape.length;
  }
  get numel(): number {
    return numel(this.shape);
  }
  get requiresGrad(): boolean {
    return this.leafRequiresGrad || this.gradFn !== null;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }
  /** Bytes of this tensor's elements (not of its storage). */
  get nbytes(): number {
    return this.numel * this.storage.nbytes / Math.max(this.storage.size, 1);
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (this.refs <= 0) return;
    if (--this.refs > 0) return;
    this.released = true;
    liveTensors.delete(this);
    this.storage.release();
    if (this.gradFn) this.gradFn.release();
    this.gradFn = null;
    if (this.grad) this.grad.release();
    this.grad = null;
    if (this.base) this.base.release();
    this.base = null;
  }

  get refCount(): number {
    return this.refs;
  }

  /** A new tensor over the same storage (a view); it shares the version counter. */
  makeView(shape: Shape, strides: readonly number[], offset: number): Tensor {
    const v = new Tensor(this.storage, shape, strides, offset, this.version);
    v.base = (this.base ?? this).retain();
    v.isInference = this.isInference;
    return v;
  }

  /** Storage index of every logical element, in row-major order. */
  *storageIndices(): Generator<number> {
    const n = this.numel;
    if (n === 0) return;
    const nd = this.ndim;
    if (nd === 0) {
      yield this.offset;
      return;
    }
    const idx = new Array<number>(nd).fill(0);
    let pos = this.offset;
    for (let k = 0; k < n; k++) {
      yield pos;
      for (let d = nd - 1; d >= 0; d--) {
        idx[d]!++;
        pos += this.strides[d]!;
        if (idx[d]! < this.shape[d]!) break;
        pos -= this.strides[d]! * this.shape[d]!;
        idx[d] = 0;
      }
    }
  }

  /** Logical elements in row-major order as plain numbers. */
  toArray(): number[] {
    const out = new Array<number>(this.numel);
    const data = this.storage.data;
    let i = 0;
    for (const p of this.storageIndices()) out[i++] = data[p]!;
    return out;
  }

  /** The value at a multi-index (no bounds checks). */
  at(...index: number[]): number {
    let p = this.offset;
    for (let d = 0; d < index.length; d++) p += index[d]! * this.strides[d]!;
    return this.storage.data[p]!;
  }

  /** Writes raw values (already cast) in row-major order. */
  writeAll(values: ArrayLike<number>): void {
    const data = this.storage.data;
    let i = 0;
    for (const p of this.storageIndices()) data[p] = castValue(this.dtype, values[i++]!);
  }
}
