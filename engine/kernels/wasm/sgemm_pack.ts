// Packing in TypeScript for the WebAssembly SGEMM (see Note [WebAssembly SGEMM]
// in sgemm.ts), for views with neither stride 1, which the SIMD packers in the
// module cannot stage: copies a block of a strided operand straight into the
// panel layout the micro-kernel reads, zero-filling the rows or columns past
// the edge of the matrix.

/** A strided float32 matrix: element (i, j) is data[offset + i * rs + j * cs]. */
export interface StridedF32 {
  data: Float32Array;
  offset: number;
  rs: number;
  cs: number;
}

/**
 * Rows i0..i0+mc, columns p0..p0+kc of A, as ceil(mc / mr) row panels of
 * kc x mr floats: dst[d0 + panel * kc * mr + p * mr + r] = A[i0 + panel * mr + r, p0 + p].
 */
export function packA(a: StridedF32, i0: number, mc: number, p0: number, kc: number, mr: number, dst: Float32Array, d0: number): void {
  const src = a.data;
  const { rs, cs } = a;
  const alongK = Math.abs(cs) <= Math.abs(rs);
  for (let ip = 0, q = d0; ip < mc; ip += mr, q += kc * mr) {
    const rows = Math.min(mr, mc - ip);
    const base = a.offset + (i0 + ip) * rs + p0 * cs;
    if (alongK) {
      // Read each row along k (contiguous for a row-major A), write with stride mr.
      for (let r = 0; r < rows; r++) {
        for (let p = 0, s = base + r * rs, d = q + r; p < kc; p++, s += cs, d += mr) dst[d] = src[s]!;
      }
    } else {
      // Read each column of the panel (contiguous for a transposed A).
      for (let p = 0, s = base, d = q; p < kc; p++, s += cs, d += mr) {
        for (let r = 0; r < rows; r++) dst[d + r] = src[s + r * rs]!;
      }
    }
    for (let r = rows; r < mr; r++) {
      for (let p = 0, d = q + r; p < kc; p++, d += mr) dst[d] = 0;
    }
  }
}

/**
 * Rows p0..p0+kc, columns j0..j0+nc of B, as ceil(nc / nr) column panels of
 * kc x nr floats: dst[d0 + panel * kc * nr + p * nr + c] = B[p0 + p, j0 + panel * nr + c].
 */
export function packB(b: StridedF32, p0: number, kc: number, j0: number, nc: number, nr: number, dst: Float32Array, d0: number): void {
  const src = b.data;
  const { rs, cs } = b;
  const alongN = Math.abs(cs) <= Math.abs(rs);
  for (let jp = 0, q = d0; jp < nc; jp += nr, q += kc * nr) {
    const cols = Math.min(nr, nc - jp);
    const base = b.offset + p0 * rs + (j0 + jp) * cs;
    if (alongN && cs === 1 && cols === nr) {
      for (let p = 0, s = base, d = q; p < kc; p++, s += rs, d += nr) {
        for (let c = 0; c < nr; c++) dst[d + c] = src[s + c]!;
      }
    } else if (alongN) {
      for (let p = 0, s = base, d = q; p < kc; p++, s += rs, d += nr) {
        for (let c = 0; c < cols; c++) dst[d + c] = src[s + c * cs]!;
        for (let c = cols; c < nr; c++) dst[d + c] = 0;
      }
    } else {
      // Read each column along k (contiguous for a transposed B), write with stride nr.
      for (let c = 0; c < cols; c++) {
        for (let p = 0, s = base + c * cs, d = q + c; p < kc; p++, s += rs, d += nr) dst[d] = src[s]!;
      }
      for (let c = cols; c < nr; c++) {
        for (let p = 0, d = q + c; p < kc; p++, d += nr) dst[d] = 0;
      }
    }
  }
}
