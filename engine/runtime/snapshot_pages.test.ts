import { describe, expect, it } from 'vitest';
import { PAGE_BYTES, packPages, unpackPages } from './snapshot_pages.mjs';

function sample(length: number, filled: number[]): Uint8Array {
  const bytes = new Uint8Array(length);
  for (const at of filled) bytes[at] = (at % 251) + 1;
  return bytes;
}

describe('packed memory snapshots', () => {
  const P = PAGE_BYTES;
  const cases: Array<[string, Uint8Array]> = [
    ['all zero', sample(5 * P, [])],
    ['first and last byte', sample(5 * P, [0, 5 * P - 1])],
    ['adjacent pages merge into one run', sample(6 * P, [P, 2 * P + 7, 3 * P + P - 1])],
    ['short last page', sample(3 * P + 10, [3 * P + 9])],
    ['every page', sample(4 * P, [1, P + 1, 2 * P + 1, 3 * P + 1])],
    ['shorter than a page', sample(100, [50])],
  ];
  for (const [name, bytes] of cases) {
    it(`round-trips: ${name}`, () => {
      expect(unpackPages(packPages(bytes))).toEqual(bytes);
    });
  }

  it('leaves zero pages out', () => {
    const packed = packPages(sample(100 * P, [3, 50 * P + 3]));
    expect(packed.length).toBe(4 * (3 + 2 * 2) + 2 * P);
  });

  it('rejects other files and cut-short ones', () => {
    const packed = packPages(sample(3 * P, [5, 2 * P]));
    expect(() => unpackPages(new Uint8Array(64))).toThrow('not a packed memory snapshot');
    expect(() => unpackPages(packed.subarray(0, packed.length - 1))).toThrow('truncated packed memory snapshot');
    const longer = new Uint8Array(packed.length + 1);
    longer.set(packed);
    expect(() => unpackPages(longer)).toThrow('trailing bytes');
  });
});
