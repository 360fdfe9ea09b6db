/** Bytes per page; all-zero pages are left out of a packed snapshot. */
export const PAGE_BYTES: number;
/** A Pyodide memory snapshot without its all-zero pages. */
export function packPages(snapshot: Uint8Array): Uint8Array;
/** The snapshot packPages was given; throws on a file that is not one, or is cut short. */
export function unpackPages(packed: Uint8Array): Uint8Array;
/** A snapshot's memory as the runs of a packed file. */
export class PackedSnapshot {
  /** Unpacked length in bytes. */
  readonly length: number;
  /**
   * Writes bytes [from, length) into target from target[0], zeroing only what
   * is not zero already; target[zeroFrom...] is known to be zero and not read.
   */
  copyInto(target: Uint8Array, from?: number, zeroFrom?: number): void;
  /** Bytes [start, end) as a new array. */
  slice(start: number, end: number): Uint8Array;
}
/**
 * Reads a packed snapshot from pieces as they arrive; finish() throws like
 * unpackPages on a bad or cut-short file. `length` is the unpacked length
 * once the header has arrived, else -1.
 */
export function createPackedReader(): { push(piece: Uint8Array): void; finish(): PackedSnapshot; readonly length: number };
