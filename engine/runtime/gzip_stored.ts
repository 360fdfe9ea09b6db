// A gzip file whose deflate stream holds the data in stored (uncompressed)
// blocks: valid for any gzip reader, made synchronously with no compressor.
// The browser host needs it because static servers (Vite's among them) send
// `name.gz` files with `Content-Encoding: gzip`, so the browser hands over the
// decompressed bytes while Python expects a .gz file (browser_host.ts).

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC), as gzip's trailer records it. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const MAX_STORED = 0xffff;

/**
 * `data` as a gzip file (RFC 1952) with stored deflate blocks (RFC 1951 §3.2.4).
 *
 *   gzip.decompress(gzipStored(bytes)) == bytes   # in Python
 */
export function gzipStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / MAX_STORED));
  const out = new Uint8Array(10 + blocks * 5 + data.length + 8);
  const view = new DataView(out.buffer);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]); // magic, deflate, no flags, no mtime, unknown OS
  let at = 10;
  for (let b = 0; b < blocks; b++) {
    const start = b * MAX_STORED;
    const len = Math.min(MAX_STORED, data.length - start);
    out[at] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE=00 (stored)
    view.setUint16(at + 1, len, true);
    view.setUint16(at + 3, ~len & 0xffff, true);
    out.set(data.subarray(start, start + len), at + 5);
    at += 5 + len;
  }
  view.setUint32(at, crc32(data), true);
  view.setUint32(at + 4, data.length >>> 0, true); // ISIZE: length mod 2**32
  return out;
}
