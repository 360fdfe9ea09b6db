// The comparison row loops (eq, ne, lt, le, gt, ge), written like the binary
// rows of elementwise_rows_binary.ts: a comparison stores +(a > b), 0 or 1,
// with no branch on the (often random) outcome.
import type { TypedArray as A } from '../core/dtype.ts';
import { fromZero } from './elementwise_rows.ts';

/** a === b ? 1 : 0 */
export function eqRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = +(a[i]! === b[i]!);
      o[i + 1] = +(a[i + 1]! === b[i + 1]!);
      o[i + 2] = +(a[i + 2]! === b[i + 2]!);
      o[i + 3] = +(a[i + 3]! === b[i + 3]!);
    }
    for (; i < n; i++) o[i] = +(a[i]! === b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(a[pa + i]! === y);
      o[po + i + 1] = +(a[pa + i + 1]! === y);
      o[po + i + 2] = +(a[pa + i + 2]! === y);
      o[po + i + 3] = +(a[pa + i + 3]! === y);
    }
    for (; i < n; i++) o[po + i] = +(a[pa + i]! === y);
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(x === b[pb + i]!);
      o[po + i + 1] = +(x === b[pb + i + 1]!);
      o[po + i + 2] = +(x === b[pb + i + 2]!);
      o[po + i + 3] = +(x === b[pb + i + 3]!);
    }
    for (; i < n; i++) o[po + i] = +(x === b[pb + i]!);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = +(a[pa]! === b[pb]!);
  }
}

/** a !== b ? 1 : 0 */
export function neRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = +(a[i]! !== b[i]!);
      o[i + 1] = +(a[i + 1]! !== b[i + 1]!);
      o[i + 2] = +(a[i + 2]! !== b[i + 2]!);
      o[i + 3] = +(a[i + 3]! !== b[i + 3]!);
    }
    for (; i < n; i++) o[i] = +(a[i]! !== b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(a[pa + i]! !== y);
      o[po + i + 1] = +(a[pa + i + 1]! !== y);
      o[po + i + 2] = +(a[pa + i + 2]! !== y);
      o[po + i + 3] = +(a[pa + i + 3]! !== y);
    }
    for (; i < n; i++) o[po + i] = +(a[pa + i]! !== y);
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(x !== b[pb + i]!);
      o[po + i + 1] = +(x !== b[pb + i + 1]!);
      o[po + i + 2] = +(x !== b[pb + i + 2]!);
      o[po + i + 3] = +(x !== b[pb + i + 3]!);
    }
    for (; i < n; i++) o[po + i] = +(x !== b[pb + i]!);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = +(a[pa]! !== b[pb]!);
  }
}

/** a < b ? 1 : 0 */
export function ltRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = +(a[i]! < b[i]!);
      o[i + 1] = +(a[i + 1]! < b[i + 1]!);
      o[i + 2] = +(a[i + 2]! < b[i + 2]!);
      o[i + 3] = +(a[i + 3]! < b[i + 3]!);
    }
    for (; i < n; i++) o[i] = +(a[i]! < b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(a[pa + i]! < y);
      o[po + i + 1] = +(a[pa + i + 1]! < y);
      o[po + i + 2] = +(a[pa + i + 2]! < y);
      o[po + i + 3] = +(a[pa + i + 3]! < y);
    }
    for (; i < n; i++) o[po + i] = +(a[pa + i]! < y);
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(x < b[pb + i]!);
      o[po + i + 1] = +(x < b[pb + i + 1]!);
      o[po + i + 2] = +(x < b[pb + i + 2]!);
      o[po + i + 3] = +(x < b[pb + i + 3]!);
    }
    for (; i < n; i++) o[po + i] = +(x < b[pb + i]!);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = +(a[pa]! < b[pb]!);
  }
}

/** a <= b ? 1 : 0 */
export function leRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = +(a[i]! <= b[i]!);
      o[i + 1] = +(a[i + 1]! <= b[i + 1]!);
      o[i + 2] = +(a[i + 2]! <= b[i + 2]!);
      o[i + 3] = +(a[i + 3]! <= b[i + 3]!);
    }
    for (; i < n; i++) o[i] = +(a[i]! <= b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(a[pa + i]! <= y);
      o[po + i + 1] = +(a[pa + i + 1]! <= y);
      o[po + i + 2] = +(a[pa + i + 2]! <= y);
      o[po + i + 3] = +(a[pa + i + 3]! <= y);
    }
    for (; i < n; i++) o[po + i] = +(a[pa + i]! <= y);
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(x <= b[pb + i]!);
      o[po + i + 1] = +(x <= b[pb + i + 1]!);
      o[po + i + 2] = +(x <= b[pb + i + 2]!);
      o[po + i + 3] = +(x <= b[pb + i + 3]!);
    }
    for (; i < n; i++) o[po + i] = +(x <= b[pb + i]!);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = +(a[pa]! <= b[pb]!);
  }
}

/** a > b ? 1 : 0 */
export function gtRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = +(a[i]! > b[i]!);
      o[i + 1] = +(a[i + 1]! > b[i + 1]!);
      o[i + 2] = +(a[i + 2]! > b[i + 2]!);
      o[i + 3] = +(a[i + 3]! > b[i + 3]!);
    }
    for (; i < n; i++) o[i] = +(a[i]! > b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(a[pa + i]! > y);
      o[po + i + 1] = +(a[pa + i + 1]! > y);
      o[po + i + 2] = +(a[pa + i + 2]! > y);
      o[po + i + 3] = +(a[pa + i + 3]! > y);
    }
    for (; i < n; i++) o[po + i] = +(a[pa + i]! > y);
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(x > b[pb + i]!);
      o[po + i + 1] = +(x > b[pb + i + 1]!);
      o[po + i + 2] = +(x > b[pb + i + 2]!);
      o[po + i + 3] = +(x > b[pb + i + 3]!);
    }
    for (; i < n; i++) o[po + i] = +(x > b[pb + i]!);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = +(a[pa]! > b[pb]!);
  }
}

/** a >= b ? 1 : 0 */
export function geRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, n: number, _p: number): void {
  let i = 0;
  if (fromZero(po, to, pa, ta, pb, tb)) {
    for (; i + 4 <= n; i += 4) {
      o[i] = +(a[i]! >= b[i]!);
      o[i + 1] = +(a[i + 1]! >= b[i + 1]!);
      o[i + 2] = +(a[i + 2]! >= b[i + 2]!);
      o[i + 3] = +(a[i + 3]! >= b[i + 3]!);
    }
    for (; i < n; i++) o[i] = +(a[i]! >= b[i]!);
  } else if (to === 1 && ta === 1 && tb === 0 && o.buffer !== b.buffer) {
    const y = b[pb]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(a[pa + i]! >= y);
      o[po + i + 1] = +(a[pa + i + 1]! >= y);
      o[po + i + 2] = +(a[pa + i + 2]! >= y);
      o[po + i + 3] = +(a[pa + i + 3]! >= y);
    }
    for (; i < n; i++) o[po + i] = +(a[pa + i]! >= y);
  } else if (to === 1 && ta === 0 && tb === 1 && o.buffer !== a.buffer) {
    const x = a[pa]!;
    for (; i + 4 <= n; i += 4) {
      o[po + i] = +(x >= b[pb + i]!);
      o[po + i + 1] = +(x >= b[pb + i + 1]!);
      o[po + i + 2] = +(x >= b[pb + i + 2]!);
      o[po + i + 3] = +(x >= b[pb + i + 3]!);
    }
    for (; i < n; i++) o[po + i] = +(x >= b[pb + i]!);
  } else {
    for (; i < n; i++, po += to, pa += ta, pb += tb) o[po] = +(a[pa]! >= b[pb]!);
  }
}
