// A Storage is a flat typed array plus the reference count that decides when
// its bytes leave the ledger (see Note [Deterministic release] in ledger.ts).
import { allocArray, itemsize, type DType, type TypedArray } from './dtype.ts';
import { emptyLike, recycleArray, takeArray } from './array_pool.ts';
import { ledger, type MemCategory } from '../memory/ledger.ts';
import { emit } from '../trace/events.ts';

let nextStorageId = 1;

/** Roles a storage can be given explicitly; "saved" and "other" are derived. */
export type StorageRole = 'parameter' | 'gradient' | 'optimizer';

export class Storage {
  readonly id = nextStorageId++;
  readonly dtype: DType;
  /** Emptied when an allocated storage is freed: its array may serve another (Note [Recycled arrays]). */
  data: TypedArray;
  readonly nbytes: number;
  /** Elements, also after a free has emptied `data`. */
  readonly size: number;
  /** Owners: tensors viewing it and saved tensors. */
  private refs = 0;
  /** How many of the owners are saved-for-backward slots. */
  savedRefs = 0;
  role: StorageRole | null = null;
  freed = false;
  tracked = true;
  /** Whether the array is ours to recycle: made by allocate, never handed out by a caller. */
  private recyclable = false;
  /** Links of the ledger's live list (engine/memory/live.ts). */
  livePrev: Storage | null = null;
  liveNext: Storage | null = null;

  private constructor(dtype: DType, data: TypedArray) {
    this.dtype = dtype;
    this.data = data;
    this.size = data.length;
    this.nbytes = data.length * itemsize(dtype);
  }

  /** `zeroed: false` is for a caller that writes every element first (see takeArray). */
  static allocate(dtype: DType, n: number, zeroed = true): Storage {
    ledger.checkCanAllocate(n * itemsize(dtype));
    const s = new Storage(dtype, takeArray(dtype, n, zeroed));
    s.recyclable = true;
    ledger.add(s);
    return s;
  }

  /**
   * A storage outside the ledger: Python numbers wrapped as 0-dim tensors. On
   * CUDA, PyTorch keeps these on the host, so the device figures we compare
   * with never count them.
   */
  static untracked(dtype: DType, n: number): Storage {
    const s = new Storage(dtype, allocArray(dtype, n));
    s.tracked = false;
    return s;
  }

  /** Wraps an array the caller built; it must be of the dtype's array type. */
  static fromArray(dtype: DType, data: TypedArray): Storage {
    ledger.checkCanAllocate(data.length * itemsize(dtype));
    const s = new Storage(dtype, data);
    ledger.add(s);
    return s;
  }

  category(): MemCategory {
    if (this.role) return this.role;
    return this.savedRefs > 0 ? 'saved' : 'other';
  }

  setRole(role: StorageRole | null): void {
    if (this.role === role) return;
    this.role = role;
    emit({ type: 'storage-category', storage: this.id, category: this.category() });
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) {
      this.freed = true;
      if (this.tracked) ledger.remove(this);
      // A pooled array will hold another tensor's values: this storage must not see them.
      if (this.recyclable && recycleArray(this.data)) this.data = emptyLike(this.data);
    }
  }

  get refCount(): number {
    return this.refs;
  }
}
