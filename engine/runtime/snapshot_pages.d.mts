/** Bytes per page; all-zero pages are left out of a packed snapshot. */
export const PAGE_BYTES: number;
/** A Pyodide memory snapshot without its all-zero pages. */
export function packPages(snapshot: Uint8Array): Uint8Array;
/** The snapshot packPages was given; throws on a file that is not one, or is cut short. */
export function unpackPages(packed: Uint8Array): Uint8Array;
