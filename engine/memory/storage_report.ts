// The live storages as a table for people: bytes, category, dtype and the
// label of a tensor that views it ("fc1.weight"), largest first.
import type { DType } from '../core/dtype.ts';
import { ledger, roundToBlock, type MemCategory } from './ledger.ts';
import { liveTensors } from './live.ts';

export interface StorageRow {
  id: number;
  bytes: number;
  /** The bytes rounded up to 512-byte blocks, as the CUDA allocator would hold them. */
  blockBytes: number;
  category: MemCategory;
  dtype: DType;
  /** The label of a live tensor over this storage, if one has a label. */
  owner: string | null;
}

/** Live storages, largest first (ties by id, oldest first); at most `limit` rows when given. */
export function liveStorageRows(limit?: number): StorageRow[] {
  const owners = new Map<number, string>();
  for (const t of liveTensors) if (t.label && !owners.has(t.storage.id)) owners.set(t.storage.id, t.label);
  const rows = ledger.liveStorages().map(
    (s): StorageRow => ({
      id: s.id,
      bytes: s.nbytes,
      blockBytes: roundToBlock(s.nbytes),
      category: s.category(),
      dtype: s.dtype,
      owner: owners.get(s.id) ?? null,
    }),
  );
  rows.sort((a, b) => b.bytes - a.bytes || a.id - b.id);
  return limit === undefined ? rows : rows.slice(0, Math.max(0, limit));
}
