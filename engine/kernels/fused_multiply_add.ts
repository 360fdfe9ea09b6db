// a * b + c with one rounding, as C's fma() computes it: JavaScript has no
// Math.fma, and PyTorch's float64 kernels that scale an operand (add and sub
// with alpha) run on the CPU's fused multiply-add, so `x + alpha * y` rounded
// twice would differ from PyTorch in the last bit about one time in twenty.
//
// The product's rounding error is recovered exactly (Dekker's product, with
// Veltkamp's split), and added to the rounded sum with its own error
// (Knuth's two-sum): the result is a * b + c correctly rounded except in
// rare cases of a tie after the first rounding. Non-finite or overflowing
// intermediates fall back to the plain expression, which is then exact.
const SPLIT = 134217729; // 2^27 + 1
const SPLIT_LIMIT = 2 ** 996; // beyond this, SPLIT * x would overflow

export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || Math.abs(a) > SPLIT_LIMIT || Math.abs(b) > SPLIT_LIMIT || !Number.isFinite(c)) return p + c;
  let t = SPLIT * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLIT * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  const productError = aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
  const s = p + c;
  const v = s - p;
  const sumError = p - (s - v) + (c - v);
  return s + (sumError + productError);
}
