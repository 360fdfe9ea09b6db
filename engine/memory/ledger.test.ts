import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { subscribe, type TraceEvent } from '../trace/events.ts';
import { ledger, roundToBlock } from './ledger.ts';

describe('memory ledger', () => {
  it('rounds to 512-byte blocks as the CUDA caching allocator reports', () => {
    expect(roundToBlock(0)).toBe(0);
    expect(roundToBlock(4)).toBe(512);
    expect(roundToBlock(81_920)).toBe(81_920);
    expect(roundToBlock(81_921)).toBe(82_432);
  });

  it('counts storages by category, tracks the peak, and frees deterministically', () => {
    const base = ledger.stats();
    const p = Tensor.empty([10]);
    p.storage.setRole('parameter');
    const g = Tensor.empty([10]);
    g.storage.setRole('gradient');
    const other = Tensor.empty([3]);
    const s = ledger.stats();
    expect(s.allocated - base.allocated).toBe(40 + 40 + 12);
    expect(s.allocatedBlocks - base.allocatedBlocks).toBe(3 * 512);
    expect(s.byCategory.parameter - base.byCategory.parameter).toBe(40);
    expect(s.byCategory.gradient - base.byCategory.gradient).toBe(40);
    expect(s.byCategoryBlocks.parameter - base.byCategoryBlocks.parameter).toBe(512);
    expect(s.byCategoryBlocks.other - base.byCategoryBlocks.other).toBe(512);
    expect(Object.values(s.byCategoryBlocks).reduce((a, b) => a + b)).toBe(s.allocatedBlocks);
    const view = p.makeView([5], [2], 0);
    expect(ledger.allocated).toBe(s.allocated); // views are free
    p.release();
    expect(ledger.allocated).toBe(s.allocated); // the view still holds the storage
    view.release();
    expect(ledger.allocated).toBe(s.allocated - 40);
    ledger.resetPeak();
    expect(ledger.peak).toBe(ledger.allocated);
    g.release();
    other.release();
    expect(ledger.allocated).toBe(base.allocated);
  });

  it("raises PyTorch's CPU out-of-memory error past the cap and stays usable", () => {
    const cap = ledger.capBytes;
    ledger.capBytes = ledger.allocated + 1000;
    try {
      expect(() => Tensor.empty([1000])).toThrow(
        /DefaultCPUAllocator: not enough memory: you tried to allocate 4000 bytes\./,
      );
      const small = Tensor.empty([10]);
      expect(small.numel).toBe(10);
      small.release();
    } finally {
      ledger.capBytes = cap;
    }
  });

  it('emits allocation and free events', () => {
    const events: TraceEvent[] = [];
    const off = subscribe((e) => events.push(e));
    const t = Tensor.empty([4], 'float64');
    t.release();
    off();
    expect(events.map((e) => e.type)).toEqual(['storage-alloc', 'storage-free']);
    expect(events[0]).toMatchObject({ bytes: 32, dtype: 'float64', category: 'other' });
  });
});
