// Row loops for the pointwise math of a training loop (Note [Fast elementwise
// rows] in elementwise_fast.ts; elementwise_rows.ts says how rows are chosen):
// Adam's sqrt, exp and log, pow by a number, leaky_relu, mse_loss's squared
// difference. Each spells out its
// scalar function's expression, Math calls included, so V8 inlines it into
// the loop; `p` is the op's number (the exponent, the negative slope).
import type { TypedArray as A } from '../core/dtype.ts';
import { fromZero } from './elementwise_rows.ts';

/** Math.sqrt(x) */
export function sqrtRows(o: A, po: number, to: number, x: A, px: number, tx: number, n: number, _p: number): void {
  if (!fromZero(po, to, px, tx)) {
    for (let i = 0; i < n; i++, po += to, px += tx) o[po] = Math.sqrt(x[px]!);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = Math.sqrt(x[i]!);
    o[i + 1] = Math.sqrt(x[i + 1]!);
    o[i + 2] = Math.sqrt(x[i + 2]!);
    o[i + 3] = Math.sqrt(x[i + 3]!);
  }
  for (; i < n; i++) o[i] = Math.sqrt(x[i]!);
}

/** Math.exp(x) */
export function expRows(o: A, po: number, to: number, x: A, px: number, tx: number, n: number, _p: number): void {
  if (!fromZero(po, to, px, tx)) {
    for (let i = 0; i < n; i++, po += to, px += tx) o[po] = Math.exp(x[px]!);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = Math.exp(x[i]!);
    o[i + 1] = Math.exp(x[i + 1]!);
    o[i + 2] = Math.exp(x[i + 2]!);
    o[i + 3] = Math.exp(x[i + 3]!);
  }
  for (; i < n; i++) o[i] = Math.exp(x[i]!);
}

/** Math.log(x) */
export function logRows(o: A, po: number, to: number, x: A, px: number, tx: number, n: number, _p: number): void {
  if (!fromZero(po, to, px, tx)) {
    for (let i = 0; i < n; i++, po += to, px += tx) o[po] = Math.log(x[px]!);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = Math.log(x[i]!);
    o[i + 1] = Math.log(x[i + 1]!);
    o[i + 2] = Math.log(x[i + 2]!);
    o[i + 3] = Math.log(x[i + 3]!);
  }
  for (; i < n; i++) o[i] = Math.log(x[i]!);
}

/**
 * Math.pow(x, p). For p = 2, x * x: V8's pow is fdlibm's, which returns x * x
 * for y = 2 (and a correctly rounded pow would agree), at a fifth of the cost.
 */
export function powRows(o: A, po: number, to: number, x: A, px: number, tx: number, n: number, p: number): void {
  if (p === 2) {
    for (let i = 0; i < n; i++, po += to, px += tx) {
      const v = x[px]!;
      o[po] = v * v;
    }
    return;
  }
  if (!fromZero(po, to, px, tx)) {
    for (let i = 0; i < n; i++, po += to, px += tx) o[po] = Math.pow(x[px]!, p);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = Math.pow(x[i]!, p);
    o[i + 1] = Math.pow(x[i + 1]!, p);
    o[i + 2] = Math.pow(x[i + 2]!, p);
    o[i + 3] = Math.pow(x[i + 3]!, p);
  }
  for (; i < n; i++) o[i] = Math.pow(x[i]!, p);
}

/** x > 0 ? x : x * p (leaky_relu, p the negative slope) */
export function leakyReluRows(o: A, po: number, to: number, x: A, px: number, tx: number, n: number, p: number): void {
  for (let i = 0; i < n; i++, po += to, px += tx) {
    const v = x[px]!;
    o[po] = v > 0 ? v : v * p;
  }
}

/** (a - b) * (a - b) (mse_loss) */
export function squaredDifferenceRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  if (!fromZero(po, to, pa, ta, pb, tb)) {
    for (let i = 0; i < n; i++, po += to, pa += ta, pb += tb) {
      const d = a[pa]! - b[pb]!;
      o[po] = d * d;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    o[i] = d * d;
  }
}
