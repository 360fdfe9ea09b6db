// Python's number formatting, reproduced exactly: `'{:.Nf}'.format(x)`,
// `'{:.Ne}'.format(x)`, `repr(float)` and `str(int)`.
//
// Note [Exact decimal rounding]: Python rounds the exact binary value of a
// double to the requested digits, ties to even ('{:.4f}'.format(0.03125) is
// '0.0312', '{:.3e}'.format(12345.0) is '1.234e+04'). JavaScript's toFixed and
// toExponential are exact too but break ties away from zero, and toFixed
// switches to exponent notation from 1e21. So fixed notation uses toFixed only
// when a tie is impossible, and everything else goes through BigInt arithmetic
// on the double's exact value mant * 2**exp.

/** |x| = mant * 2**exp exactly, for finite x. */
function decompose(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant, exp: -1074 };
  mant |= 1n << 52n;
  return { mant, exp: biased - 1075 };
}

const pow10Cache = new Map<number, bigint>();
function pow10(n: number): bigint {
  let p = pow10Cache.get(n);
  if (p === undefined) {
    p = 10n ** BigInt(n);
    pow10Cache.set(n, p);
  }
  return p;
}

/** num / den rounded to the nearest integer, ties to even (num, den > 0). */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twiceRem = (num - q * den) * 2n;
  if (twiceRem > den || (twiceRem === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** The exact value mant * 2**exp * 10**scale as a fraction num / den. */
function scaled(mant: bigint, exp: number, scale: number): { num: bigint; den: bigint } {
  let num = mant;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  if (scale >= 0) num *= pow10(scale);
  else den *= pow10(-scale);
  return { num, den };
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan'; // Python drops the sign of a NaN
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/**
 * Python's `'{:.<precision>f}'.format(x)`.
 *
 * @example pyFormatFixed(0.03125, 4) // '0.0312'
 * @example pyFormatFixed(-0, 0)      // '-0'
 */
export function pyFormatFixed(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const sign = isNegative(x) ? '-' : '';
  const ax = Math.abs(x);
  // A tie needs ax * 2 * 10**p to be an integer, i.e. ax a multiple of 2**-(p+1);
  // multiplying by a power of two is exact, so this test is exact.
  if (ax < 1e21 && precision <= 100 && (ax * 2 ** (precision + 1)) % 1 !== 0) {
    return sign + ax.toFixed(precision);
  }
  let digits: string;
  if (ax === 0) {
    digits = '0';
  } else {
    const { mant, exp } = decompose(ax);
    const { num, den } = scaled(mant, exp, precision);
    digits = roundHalfEven(num, den).toString();
  }
  if (precision === 0) return sign + digits;
  digits = digits.padStart(precision + 1, '0');
  return `${sign}${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
}

/** sign(mant * 2**exp - 10**k) */
function comparePow10(mant: bigint, exp: number, k: number): number {
  const { num, den } = scaled(mant, exp, -k);
  return num > den ? 1 : num < den ? -1 : 0;
}

function pyExponent(e: number): string {
  const abs = Math.abs(e);
  return (e < 0 ? 'e-' : 'e+') + (abs < 10 ? '0' : '') + String(abs);
}

/**
 * Python's `'{:.<precision>e}'.format(x)`.
 *
 * @example pyFormatExp(1e-5, 4)     // '1.0000e-05'
 * @example pyFormatExp(12345, 3)    // '1.234e+04'
 */
export function pyFormatExp(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const sign = isNegative(x) ? '-' : '';
  const ax = Math.abs(x);
  let digits: string;
  let k = 0;
  if (ax === 0) {
    digits = '0'.repeat(precision + 1);
  } else {
    const { mant, exp } = decompose(ax);
    k = Math.floor(Math.log10(ax));
    // log10 may be off by one near powers of ten: settle 10**k <= ax < 10**(k+1) exactly.
    while (comparePow10(mant, exp, k) < 0) k--;
    while (comparePow10(mant, exp, k + 1) >= 0) k++;
    const { num, den } = scaled(mant, exp, precision - k);
    let n = roundHalfEven(num, den);
    if (n === pow10(precision + 1)) {
      n = pow10(precision);
      k++;
    }
    digits = n.toString();
  }
  const mantissa = precision > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return sign + mantissa + pyExponent(k);
}

/**
 * Python's `repr(float)` (= `str(float)`): the shortest digits that round-trip,
 * in fixed notation when the decimal exponent is in [-4, 16), else scientific.
 *
 * @example pyFloatRepr(1e-5)  // '1e-05'
 * @example pyFloatRepr(3)     // '3.0'
 * @example pyFloatRepr(1e16)  // '1e+16'
 */
export function pyFloatRepr(x: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const sign = isNegative(x) ? '-' : '';
  const ax = Math.abs(x);
  if (ax === 0) return sign + '0.0';
  // toExponential() with no argument gives the shortest round-trip digits.
  const [m, e] = ax.toExponential().split('e') as [string, string];
  const digits = m.replace('.', '');
  const k = Number(e); // ax = d.ddd * 10**k
  if (k < -4 || k >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + mantissa + pyExponent(k);
  }
  if (k < 0) return `${sign}0.${'0'.repeat(-k - 1)}${digits}`;
  if (digits.length <= k + 1) return `${sign}${digits}${'0'.repeat(k + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, k + 1)}.${digits.slice(k + 1)}`;
}

/**
 * Python's `str(int)` for an integer-valued number (int64 values beyond 2**53
 * print their exact double value, as BigInt does).
 *
 * @example pyIntStr(-(2 ** 63)) // '-9223372036854775808'
 */
export function pyIntStr(x: number): string {
  if (Number.isSafeInteger(x)) return String(x === 0 ? 0 : x);
  if (Number.isInteger(x)) return BigInt(x).toString();
  return String(x);
}
