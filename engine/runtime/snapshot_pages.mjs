// Pyodide memory snapshots without their zero pages, for the browser's start-up
// (Note [Browser start-up snapshot] in scripts/build-pyodide-assets.mjs).
// Plain JavaScript so that the build script (plain Node) and the Worker (via
// Vite) share one definition of the format; types in snapshot_pages.d.mts.
//
// Layout, little-endian u32 words: MAGIC, the unpacked length in bytes, the
// number of runs R, then R pairs (first page, page count), then the bytes of
// every run's pages in order. Pages are PAGE_BYTES; the last one may be short.
// Pages that are all zero are left out: a wasm memory starts zeroed, and most
// of a fresh interpreter's heap is untouched.

export const PAGE_BYTES = 4096;
const MAGIC = 0x5047_4747; // 'GGGP'

/** @param {Uint8Array} bytes */
function isZeroPage(bytes, start, end) {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** @param {Uint8Array} snapshot @returns {Uint8Array} */
export function packPages(snapshot) {
  const pages = Math.ceil(snapshot.length / PAGE_BYTES);
  const runs = [];
  for (let p = 0; p < pages; p++) {
    if (isZeroPage(snapshot, p * PAGE_BYTES, Math.min((p + 1) * PAGE_BYTES, snapshot.length))) continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === p) last[1]++;
    else runs.push([p, 1]);
  }
  const headerBytes = 4 * (3 + 2 * runs.length);
  let dataBytes = 0;
  for (const [first, count] of runs) dataBytes += Math.min((first + count) * PAGE_BYTES, snapshot.length) - first * PAGE_BYTES;
  const out = new Uint8Array(headerBytes + dataBytes);
  const words = new DataView(out.buffer);
  words.setUint32(0, MAGIC, true);
  words.setUint32(4, snapshot.length, true);
  words.setUint32(8, runs.length, true);
  let at = headerBytes;
  runs.forEach(([first, count], i) => {
    words.setUint32(12 + 8 * i, first, true);
    words.setUint32(16 + 8 * i, count, true);
    const run = snapshot.subarray(first * PAGE_BYTES, Math.min((first + count) * PAGE_BYTES, snapshot.length));
    out.set(run, at);
    at += run.length;
  });
  return out;
}

/** @param {Uint8Array} packed @returns {Uint8Array} */
export function unpackPages(packed) {
  const words = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.length < 12 || words.getUint32(0, true) !== MAGIC) throw new Error('not a packed memory snapshot');
  const length = words.getUint32(4, true);
  const runCount = words.getUint32(8, true);
  const out = new Uint8Array(length);
  let at = 12 + 8 * runCount;
  for (let i = 0; i < runCount; i++) {
    const first = words.getUint32(12 + 8 * i, true);
    const count = words.getUint32(16 + 8 * i, true);
    const start = first * PAGE_BYTES;
    const end = Math.min(start + count * PAGE_BYTES, length);
    if (end <= start || at + (end - start) > packed.length) throw new Error('truncated packed memory snapshot');
    out.set(packed.subarray(at, at + (end - start)), start);
    at += end - start;
  }
  if (at !== packed.length) throw new Error('packed memory snapshot has trailing bytes');
  return out;
}
