import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { liveStorageRows } from './storage_report.ts';

describe('live storage rows', () => {
  it('lists storages largest first with block bytes, category and the label of a tensor over them', () => {
    const w = Tensor.empty([1000, 1000]);
    w.storage.setRole('parameter');
    w.label = 'fc.weight';
    const view = w.makeView([1000], [1], 0); // a view adds no row and keeps the label's storage
    const small = Tensor.empty([3], 'float64');
    const rows = liveStorageRows();
    const ids = rows.map((r) => r.id);
    expect(ids.filter((id) => id === w.storage.id)).toHaveLength(1);
    expect(rows.every((r, i) => i === 0 || rows[i - 1]!.bytes >= r.bytes)).toBe(true);
    expect(rows.find((r) => r.id === w.storage.id)).toEqual({
      id: w.storage.id, bytes: 4_000_000, blockBytes: 4_000_256, category: 'parameter', dtype: 'float32', owner: 'fc.weight',
    });
    expect(rows.find((r) => r.id === small.storage.id)).toMatchObject({ bytes: 24, blockBytes: 512, category: 'other', owner: null });
    expect(liveStorageRows(1)).toHaveLength(1);
    for (const t of [view, w, small]) t.release();
    expect(liveStorageRows().some((r) => r.id === w.storage.id)).toBe(false);
  });
});
