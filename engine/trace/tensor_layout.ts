// A tensor's layout as plain data, for the layout view (glassgrad.show_layout):
// shape, strides and offset over its storage, and the storage's values when
// it is small enough to draw cell by cell.
import type { Tensor } from '../core/tensor.ts';

/** Storages up to this many elements carry their values. */
export const LAYOUT_VALUES_LIMIT = 4096;

export interface LayoutTensor {
  name: string;
  tensor: number;
  shape: number[];
  strides: number[];
  offset: number;
  dtype: string;
  storage: number;
  contiguous: boolean;
  /** The tensor this one views (its `_base`), or null. */
  base: number | null;
}

export interface LayoutStorage {
  id: number;
  /** Elements in the storage. */
  size: number;
  dtype: string;
  bytes: number;
  /** The storage's elements, or null past LAYOUT_VALUES_LIMIT. */
  values: number[] | null;
}

export interface LayoutData {
  tensors: LayoutTensor[];
  storages: LayoutStorage[];
}

function storageValues(t: Tensor): number[] | null {
  const s = t.storage;
  if (s.size > LAYOUT_VALUES_LIMIT) return null;
  return Array.from(s.data as ArrayLike<number>, (v) => Number(v));
}

/** The layout of each named tensor, with every storage they use once (in order of first use). */
export function tensorLayout(named: readonly { name: string; tensor: Tensor }[]): LayoutData {
  const storages = new Map<number, LayoutStorage>();
  const tensors = named.map(({ name, tensor: t }): LayoutTensor => {
    if (!storages.has(t.storage.id)) {
      storages.set(t.storage.id, { id: t.storage.id, size: t.storage.size, dtype: t.storage.dtype, bytes: t.storage.nbytes, values: storageValues(t) });
    }
    return {
      name,
      tensor: t.id,
      shape: [...t.shape],
      strides: [...t.strides],
      offset: t.offset,
      dtype: t.dtype,
      storage: t.storage.id,
      contiguous: t.isContiguous(),
      base: t.base?.id ?? null,
    };
  });
  return { tensors, storages: [...storages.values()] };
}
