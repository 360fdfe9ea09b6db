import { describe, expect, it } from 'vitest';
import { PAGE_BYTES, createPackedReader, packPages, unpackPages } from './snapshot_pages.mjs';

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

describe('reading a snapshot as it downloads', () => {
  const P = PAGE_BYTES;
  const bytes = sample(9 * P + 123, [0, 3, P + 5, 4 * P, 4 * P + 9, 5 * P + 1, 9 * P + 122]);
  const packed = packPages(bytes);
  const read = (size: number) => {
    const reader = createPackedReader();
    for (let at = 0; at < packed.length; at += size) reader.push(packed.subarray(at, at + size));
    return reader.finish();
  };

  it('knows the unpacked length as soon as the header is in', () => {
    const reader = createPackedReader();
    reader.push(packed.subarray(0, 11));
    expect(reader.length).toBe(-1);
    reader.push(packed.subarray(11, 12 + 8 * 4));
    expect(reader.length).toBe(bytes.length);
  });

  it('gives the same bytes from pieces of any size, split anywhere (header included)', () => {
    for (const size of [1, 7, 12, 13, 100, P - 1, P + 3, packed.length]) {
      const out = new Uint8Array(bytes.length);
      read(size).copyInto(out);
      expect(out, `pieces of ${size}`).toEqual(bytes);
    }
  });

  it('writes from an offset on, and clears what the target held where the snapshot is zero', () => {
    const snapshot = read(1000);
    for (const from of [0, 1, 5, P + 2, 3 * P + 1]) {
      const dirty = new Uint8Array(bytes.length - from + 3).fill(7);
      const target = dirty.subarray(1, 1 + bytes.length - from); // unaligned, as a view into wasm memory may not be
      snapshot.copyInto(target, from);
      expect(target, `from ${from}`).toEqual(bytes.subarray(from));
      expect([dirty[0], dirty.at(-1)]).toEqual([7, 7]);
    }
    expect(snapshot.slice(P, 4 * P + 10)).toEqual(bytes.subarray(P, 4 * P + 10));
  });

  it('neither reads nor clears the target from where the caller says it is zero', () => {
    const target = new Uint8Array(bytes.length).fill(7);
    read(P).copyInto(target, 0, 3 * P);
    expect(target.subarray(0, 3 * P)).toEqual(bytes.subarray(0, 3 * P));
    expect(target[3 * P]).toBe(7); // a zero page of the snapshot past zeroFrom: left as it was
    expect(target.subarray(4 * P, 6 * P)).toEqual(bytes.subarray(4 * P, 6 * P)); // runs are written everywhere
  });

  it('rejects cut-short downloads and extra bytes', () => {
    const short = packPages(sample(3 * P, [5, 2 * P]));
    const cut = createPackedReader();
    cut.push(short.subarray(0, 20));
    expect(() => cut.finish()).toThrow('truncated packed memory snapshot');
    const extra = createPackedReader();
    extra.push(short);
    expect(() => extra.push(new Uint8Array(1))).toThrow('trailing bytes');
    expect(() => createPackedReader().finish()).toThrow('not a packed memory snapshot');
  });
});
