// The binary row loops (elementwise_rows.ts says how rows are chosen and
// written): o = f(a, b, p) out of place, and in place with o and a the same
// array at the same positions. Besides the contiguous rows from element 0 and
// the strided rows, a row whose second operand is one value (a Python number,
// a per-channel factor over a plane, SGD's momentum) reads it once, and so
// does a row whose first operand is one value (1 - x, 2 / x, c * x written
// number first); each such loop is skipped when that operand shares the
// output's memory, where an earlier store in the row could change the value
// that the generic loop reads.
import type { TypedArray as A } from '../core/dtype.ts';
import { fromZero, identityRows } from './elementwise_rows.ts';

/** b (assignment: copy_, layout copies) */
export function assignRows(o: A, po: number, to: number, _a: A, _pa: number, _ta: number, b: A, pb: number, tb: number, n: number, p: number): void {
  identityRows(o, po, to, b, pb, tb, n, p);
}

/** a + b */
export function addRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = a[i]! + b[i]!;
      o[i + 1] = a[i + 1]! + b[i + 1]!;
      o[i + 2] = a[i + 2]! + b[i + 2]!;
      o[i + 3] = a[i + 3]! + b[i + 3]!;
    }
    for (; i < n; i++) o[i] = a[i]! + b[i]!;
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = a[pa + i]! + y;
      o[po + i + 1] = a[pa + i + 1]! + y;
      o[po + i + 2] = a[pa + i + 2]! + y;
      o[po + i + 3] = a[pa + i + 3]! + y;
    }
    for (; i < n; i++) o[po + i] = a[pa + i]! + y;
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = x + b[pb + i]!;
      o[po + i + 1] = x + b[pb + i + 1]!;
      o[po + i + 2] = x + b[pb + i + 2]!;
      o[po + i + 3] = x + b[pb + i + 3]!;
    }
    for (; i < n; i++) o[po + i] = x + b[pb + i]!;
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = a[pa]! + b[pb]!;
  }
}

/** a + alpha * b */
export function addScaledRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, alpha: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = a[i]! + alpha * b[i]!;
      o[i + 1] = a[i + 1]! + alpha * b[i + 1]!;
      o[i + 2] = a[i + 2]! + alpha * b[i + 2]!;
      o[i + 3] = a[i + 3]! + alpha * b[i + 3]!;
    }
    for (; i < n; i++) o[i] = a[i]! + alpha * b[i]!;
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = a[pa + i]! + alpha * y;
      o[po + i + 1] = a[pa + i + 1]! + alpha * y;
      o[po + i + 2] = a[pa + i + 2]! + alpha * y;
      o[po + i + 3] = a[pa + i + 3]! + alpha * y;
    }
    for (; i < n; i++) o[po + i] = a[pa + i]! + alpha * y;
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = x + alpha * b[pb + i]!;
      o[po + i + 1] = x + alpha * b[pb + i + 1]!;
      o[po + i + 2] = x + alpha * b[pb + i + 2]!;
      o[po + i + 3] = x + alpha * b[pb + i + 3]!;
    }
    for (; i < n; i++) o[po + i] = x + alpha * b[pb + i]!;
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = a[pa]! + alpha * b[pb]!;
  }
}

/** a - alpha * b */
export function subScaledRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, alpha: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = a[i]! - alpha * b[i]!;
      o[i + 1] = a[i + 1]! - alpha * b[i + 1]!;
      o[i + 2] = a[i + 2]! - alpha * b[i + 2]!;
      o[i + 3] = a[i + 3]! - alpha * b[i + 3]!;
    }
    for (; i < n; i++) o[i] = a[i]! - alpha * b[i]!;
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = a[pa + i]! - alpha * y;
      o[po + i + 1] = a[pa + i + 1]! - alpha * y;
      o[po + i + 2] = a[pa + i + 2]! - alpha * y;
      o[po + i + 3] = a[pa + i + 3]! - alpha * y;
    }
    for (; i < n; i++) o[po + i] = a[pa + i]! - alpha * y;
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = x - alpha * b[pb + i]!;
      o[po + i + 1] = x - alpha * b[pb + i + 1]!;
      o[po + i + 2] = x - alpha * b[pb + i + 2]!;
      o[po + i + 3] = x - alpha * b[pb + i + 3]!;
    }
    for (; i < n; i++) o[po + i] = x - alpha * b[pb + i]!;
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = a[pa]! - alpha * b[pb]!;
  }
}

/** a * b */
export function mulRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = a[i]! * b[i]!;
      o[i + 1] = a[i + 1]! * b[i + 1]!;
      o[i + 2] = a[i + 2]! * b[i + 2]!;
      o[i + 3] = a[i + 3]! * b[i + 3]!;
    }
    for (; i < n; i++) o[i] = a[i]! * b[i]!;
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = a[pa + i]! * y;
      o[po + i + 1] = a[pa + i + 1]! * y;
      o[po + i + 2] = a[pa + i + 2]! * y;
      o[po + i + 3] = a[pa + i + 3]! * y;
    }
    for (; i < n; i++) o[po + i] = a[pa + i]! * y;
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = x * b[pb + i]!;
      o[po + i + 1] = x * b[pb + i + 1]!;
      o[po + i + 2] = x * b[pb + i + 2]!;
      o[po + i + 3] = x * b[pb + i + 3]!;
    }
    for (; i < n; i++) o[po + i] = x * b[pb + i]!;
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = a[pa]! * b[pb]!;
  }
}

/** a / b */
export function divRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = a[i]! / b[i]!;
      o[i + 1] = a[i + 1]! / b[i + 1]!;
      o[i + 2] = a[i + 2]! / b[i + 2]!;
      o[i + 3] = a[i + 3]! / b[i + 3]!;
    }
    for (; i < n; i++) o[i] = a[i]! / b[i]!;
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = a[pa + i]! / y;
      o[po + i + 1] = a[pa + i + 1]! / y;
      o[po + i + 2] = a[pa + i + 2]! / y;
      o[po + i + 3] = a[pa + i + 3]! / y;
    }
    for (; i < n; i++) o[po + i] = a[pa + i]! / y;
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = x / b[pb + i]!;
      o[po + i + 1] = x / b[pb + i + 1]!;
      o[po + i + 2] = x / b[pb + i + 2]!;
      o[po + i + 3] = x / b[pb + i + 3]!;
    }
    for (; i < n; i++) o[po + i] = x / b[pb + i]!;
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = a[pa]! / b[pb]!;
  }
}

/** Math.fround(a + b) */
export function addRoundedRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = Math.fround(a[i]! + b[i]!);
      o[i + 1] = Math.fround(a[i + 1]! + b[i + 1]!);
      o[i + 2] = Math.fround(a[i + 2]! + b[i + 2]!);
      o[i + 3] = Math.fround(a[i + 3]! + b[i + 3]!);
    }
    for (; i < n; i++) o[i] = Math.fround(a[i]! + b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = Math.fround(a[pa + i]! + y);
      o[po + i + 1] = Math.fround(a[pa + i + 1]! + y);
      o[po + i + 2] = Math.fround(a[pa + i + 2]! + y);
      o[po + i + 3] = Math.fround(a[pa + i + 3]! + y);
    }
    for (; i < n; i++) o[po + i] = Math.fround(a[pa + i]! + y);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = Math.fround(a[pa]! + b[pb]!);
  }
}

/** Math.fround(a + alpha * b), alpha already in float32 */
export function addScaledRoundedRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, alpha: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = Math.fround(a[i]! + alpha * b[i]!);
      o[i + 1] = Math.fround(a[i + 1]! + alpha * b[i + 1]!);
      o[i + 2] = Math.fround(a[i + 2]! + alpha * b[i + 2]!);
      o[i + 3] = Math.fround(a[i + 3]! + alpha * b[i + 3]!);
    }
    for (; i < n; i++) o[i] = Math.fround(a[i]! + alpha * b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = Math.fround(a[pa + i]! + alpha * y);
      o[po + i + 1] = Math.fround(a[pa + i + 1]! + alpha * y);
      o[po + i + 2] = Math.fround(a[pa + i + 2]! + alpha * y);
      o[po + i + 3] = Math.fround(a[pa + i + 3]! + alpha * y);
    }
    for (; i < n; i++) o[po + i] = Math.fround(a[pa + i]! + alpha * y);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = Math.fround(a[pa]! + alpha * b[pb]!);
  }
}

/** Math.fround(a - alpha * b), alpha already in float32 */
export function subScaledRoundedRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, alpha: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = Math.fround(a[i]! - alpha * b[i]!);
      o[i + 1] = Math.fround(a[i + 1]! - alpha * b[i + 1]!);
      o[i + 2] = Math.fround(a[i + 2]! - alpha * b[i + 2]!);
      o[i + 3] = Math.fround(a[i + 3]! - alpha * b[i + 3]!);
    }
    for (; i < n; i++) o[i] = Math.fround(a[i]! - alpha * b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = Math.fround(a[pa + i]! - alpha * y);
      o[po + i + 1] = Math.fround(a[pa + i + 1]! - alpha * y);
      o[po + i + 2] = Math.fround(a[pa + i + 2]! - alpha * y);
      o[po + i + 3] = Math.fround(a[pa + i + 3]! - alpha * y);
    }
    for (; i < n; i++) o[po + i] = Math.fround(a[pa + i]! - alpha * y);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = Math.fround(a[pa]! - alpha * b[pb]!);
  }
}

/** Math.fround(a * b) */
export function mulRoundedRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = Math.fround(a[i]! * b[i]!);
      o[i + 1] = Math.fround(a[i + 1]! * b[i + 1]!);
      o[i + 2] = Math.fround(a[i + 2]! * b[i + 2]!);
      o[i + 3] = Math.fround(a[i + 3]! * b[i + 3]!);
    }
    for (; i < n; i++) o[i] = Math.fround(a[i]! * b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = Math.fround(a[pa + i]! * y);
      o[po + i + 1] = Math.fround(a[pa + i + 1]! * y);
      o[po + i + 2] = Math.fround(a[pa + i + 2]! * y);
      o[po + i + 3] = Math.fround(a[pa + i + 3]! * y);
    }
    for (; i < n; i++) o[po + i] = Math.fround(a[pa + i]! * y);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = Math.fround(a[pa]! * b[pb]!);
  }
}

/** Math.fround(a / b) */
export function divRoundedRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = Math.fround(a[i]! / b[i]!);
      o[i + 1] = Math.fround(a[i + 1]! / b[i + 1]!);
      o[i + 2] = Math.fround(a[i + 2]! / b[i + 2]!);
      o[i + 3] = Math.fround(a[i + 3]! / b[i + 3]!);
    }
    for (; i < n; i++) o[i] = Math.fround(a[i]! / b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = Math.fround(a[pa + i]! / y);
      o[po + i + 1] = Math.fround(a[pa + i + 1]! / y);
      o[po + i + 2] = Math.fround(a[pa + i + 2]! / y);
      o[po + i + 3] = Math.fround(a[pa + i + 3]! / y);
    }
    for (; i < n; i++) o[po + i] = Math.fround(a[pa + i]! / y);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = Math.fround(a[pa]! / b[pb]!);
  }
}
