import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/seeded_random.ts';
import { fusedMultiplyAdd } from './fused_multiply_add.ts';

/** x as m * 2^e with m an integer. */
function exactParts(x: number): { m: bigint; e: number } {
  let e = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    e--;
  }
  return { m: BigInt(x), e };
}

/** a * b + c, computed exactly and rounded once (Number(bigint) rounds to nearest, ties to even). */
function exactFma(a: number, b: number, c: number): number {
  const pa = exactParts(a);
  const pb = exactParts(b);
  const pc = exactParts(c);
  const eProduct = pa.e + pb.e;
  const e = Math.min(eProduct, pc.e);
  const n = pa.m * pb.m * 2n ** BigInt(eProduct - e) + pc.m * 2n ** BigInt(pc.e - e);
  return Number(n) * 2 ** e;
}

describe('fusedMultiplyAdd', () => {
  it('rounds a * b + c once, where the plain expression rounds twice', () => {
    const a = 1 + 2 ** -30;
    expect(fusedMultiplyAdd(a, a, -1)).toBe(2 ** -29 + 2 ** -60);
    expect(a * a - 1).toBe(2 ** -29);
  });

  it('matches the exactly rounded result on random operands of mixed scales', () => {
    const random = seededRandom(7);
    const value = () => (random() * 20 - 10) * 10 ** Math.floor(random() * 10 - 5);
    let plainDiffers = 0;
    for (let i = 0; i < 5000; i++) {
      const [a, b, c] = [value(), value(), value()];
      const exact = exactFma(a, b, c);
      expect(fusedMultiplyAdd(a, b, c), `${a} * ${b} + ${c}`).toBe(exact);
      if (a * b + c !== exact) plainDiffers++;
    }
    expect(plainDiffers).toBeGreaterThan(100); // the cases are not all easy ones
  });

  it('passes infinities, NaN and overflow through as the plain expression', () => {
    expect(fusedMultiplyAdd(Infinity, 2, 1)).toBe(Infinity);
    expect(fusedMultiplyAdd(2, 3, -Infinity)).toBe(-Infinity);
    expect(fusedMultiplyAdd(NaN, 1, 1)).toBeNaN();
    expect(fusedMultiplyAdd(1e300, 1e300, 1)).toBe(Infinity);
    expect(fusedMultiplyAdd(0, 5, -0)).toBe(0);
  });
});
