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

/**
 * Reads a packed snapshot from its bytes in pieces, as a download delivers
 * them, keeping each piece as it came (no copy of the whole): finish() gives
 * a PackedSnapshot, which writes the memory straight into its destination.
 * @returns {{ push(piece: Uint8Array): void, finish(): PackedSnapshot, readonly length: number }}
 */
export function createPackedReader() {
  /** @type {Uint8Array} bytes of the header received so far */
  let head = new Uint8Array(0);
  let length = -1;
  /** @type {Array<[number, number]>} byte ranges of the runs, in file order */
  const runs = [];
  /** @type {Array<{ at: number, bytes: Uint8Array }>} where each piece of run data goes */
  const segments = [];
  let run = 0;
  let at = 0; // where the next data byte goes

  /** @param {Uint8Array} bytes the file's first bytes @returns {number} header bytes used, or 0 while incomplete */
  function parseHeader(bytes) {
    if (bytes.length < 12) return 0;
    const words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (words.getUint32(0, true) !== MAGIC) throw new Error('not a packed memory snapshot');
    const runCount = words.getUint32(8, true);
    const headerBytes = 12 + 8 * runCount;
    if (bytes.length < headerBytes) return 0;
    length = words.getUint32(4, true);
    for (let i = 0; i < runCount; i++) {
      const start = words.getUint32(12 + 8 * i, true) * PAGE_BYTES;
      const end = Math.min(start + words.getUint32(16 + 8 * i, true) * PAGE_BYTES, length);
      if (end <= start) throw new Error('truncated packed memory snapshot');
      runs.push([start, end]);
    }
    at = runs.length > 0 ? runs[0][0] : 0;
    return headerBytes;
  }

  /** @param {Uint8Array} piece */
  function push(piece) {
    if (length < 0) {
      // Only a header cut across pieces is copied: the data stays in the pieces it came in.
      let bytes = piece;
      if (head.length > 0) {
        bytes = new Uint8Array(head.length + piece.length);
        bytes.set(head);
        bytes.set(piece, head.length);
      }
      const used = parseHeader(bytes);
      if (length < 0) {
        head = bytes.slice();
        return;
      }
      piece = bytes.subarray(used);
      head = new Uint8Array(0);
    }
    let from = 0;
    while (from < piece.length) {
      if (run >= runs.length) throw new Error('packed memory snapshot has trailing bytes');
      const end = runs[run][1];
      const n = Math.min(end - at, piece.length - from);
      segments.push({ at, bytes: piece.subarray(from, from + n) });
      from += n;
      at += n;
      if (at === end && ++run < runs.length) at = runs[run][0];
    }
  }

  /** @returns {PackedSnapshot} */
  function finish() {
    if (length < 0) throw new Error(head.length >= 12 ? 'truncated packed memory snapshot' : 'not a packed memory snapshot');
    if (run < runs.length) throw new Error('truncated packed memory snapshot');
    return new PackedSnapshot(length, runs, segments);
  }

  return {
    push,
    finish,
    /** The unpacked length once the header has arrived, else -1. */
    get length() {
      return length;
    },
  };
}

/** A snapshot's memory as the runs of a packed file (see createPackedReader). */
export class PackedSnapshot {
  /**
   * @param {number} length unpacked length in bytes
   * @param {Array<[number, number]>} runs byte ranges that are not all zero
   * @param {Array<{ at: number, bytes: Uint8Array }>} segments the runs' bytes
   */
  constructor(length, runs, segments) {
    this.length = length;
    this.runs = runs;
    this.segments = segments;
  }

  /**
   * Writes the snapshot's bytes from `from` on into `target` (byte `from` at
   * target[0]). Bytes of zero pages are written only where the target is not
   * zero already: a fresh buffer or wasm memory is, and a page neither read
   * nor written costs nothing (each first write of a page is a page fault).
   * Reading a page costs a fault too, so the caller may say where the target
   * is known to be zero from (`zeroFrom`, an index into target): nothing of it
   * from there on is read.
   * @param {Uint8Array} target
   * @param {number} [from]
   * @param {number} [zeroFrom]
   */
  copyInto(target, from = 0, zeroFrom = target.length) {
    for (const { at, bytes } of this.segments) {
      const skip = Math.max(0, from - at);
      if (skip < bytes.length) target.set(skip ? bytes.subarray(skip) : bytes, at + skip - from);
    }
    let gapStart = 0;
    for (const [start, end] of [...this.runs, [this.length, this.length]]) {
      clearNonZero(target, Math.max(gapStart, from) - from, Math.min(Math.max(start, from) - from, zeroFrom));
      gapStart = end;
    }
  }

  /**
   * The snapshot's bytes [start, end) as a new array.
   * @param {number} start @param {number} end
   */
  slice(start, end) {
    const out = new Uint8Array(end - start);
    for (const { at, bytes } of this.segments) {
      const lo = Math.max(start, at);
      const hi = Math.min(end, at + bytes.length);
      if (lo < hi) out.set(bytes.subarray(lo - at, hi - at), lo - start);
    }
    return out;
  }
}

/**
 * Zeroes target[start, end) where it is not zero, reading it a word at a time.
 * @param {Uint8Array} target @param {number} start @param {number} end
 */
function clearNonZero(target, start, end) {
  if (end <= start) return;
  const base = target.byteOffset; // Int32Array views need 4-byte aligned offsets
  const alignedStart = Math.min(end, ((base + start + 3) & ~3) - base);
  const alignedEnd = Math.max(alignedStart, ((base + end) & ~3) - base);
  for (let i = start; i < alignedStart; i++) target[i] = 0;
  for (let i = alignedEnd; i < end; i++) target[i] = 0;
  const words = new Int32Array(target.buffer, target.byteOffset + alignedStart, (alignedEnd - alignedStart) >> 2);
  const step = PAGE_BYTES >> 2;
  for (let p = 0; p < words.length; p += step) {
    const stop = Math.min(words.length, p + step);
    let any = 0;
    for (let i = p; i < stop; i++) any |= words[i];
    if (any !== 0) words.fill(0, p, stop);
  }
}

/** @param {Uint8Array} packed @returns {Uint8Array} */
export function unpackPages(packed) {
  const reader = createPackedReader();
  reader.push(packed);
  const snapshot = reader.finish();
  const out = new Uint8Array(snapshot.length);
  snapshot.copyInto(out);
  return out;
}
