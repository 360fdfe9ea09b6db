import { gunzipSync, crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, gzipStored } from './gzip_stored.ts';

function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

describe('gzipStored', () => {
  it.each([0, 1, 65535, 65536, 200_000])('round-trips %i bytes through zlib', (n) => {
    const data = bytes(n);
    expect(new Uint8Array(gunzipSync(gzipStored(data)))).toEqual(data);
  });

  it('computes the CRC-32 zlib computes', () => {
    const data = bytes(10_000, 7);
    expect(crc32(data)).toBe(zlibCrc32(data));
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
