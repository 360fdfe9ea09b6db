// Expected values are PyTorch's own streams (torch 1.13, same mt19937 and
// transformations as 2.x): e.g. torch.manual_seed(0); torch.rand(3).
import { describe, expect, it } from 'vitest';
import { defaultGenerator, Generator, getRngState, initialSeed, manualSeed, RNG_STATE_BYTES, setRngState } from './random.ts';

describe('Generator (mt19937 as PyTorch CPU)', () => {
  it('draws PyTorch float and double uniforms after manual_seed(0)', () => {
    const g = new Generator(0);
    // torch.manual_seed(0); torch.rand(3).tolist()
    expect([g.uniformFloat(), g.uniformFloat(), g.uniformFloat()]).toEqual([0.49625658988952637, 0.7682217955589294, 0.08847743272781372]);
    g.manualSeed(0);
    // torch.rand(3, dtype=torch.float64).tolist()
    expect([g.uniformDouble(), g.uniformDouble(), g.uniformDouble()]).toEqual([0.9700530018065531, 0.707819864399788, 0.45938294312745087]);
    g.manualSeed(0);
    // torch.rand(3, dtype=torch.float16).tolist()
    expect([g.uniformHalf(), g.uniformHalf(), g.uniformHalf()]).toEqual([0.333984375, 0.27294921875, 0.80712890625]);
  });

  it('draws Box-Muller normals in pairs, caching the sine branch', () => {
    const g = new Generator(0);
    // torch.randn(3, dtype=torch.float64).tolist()
    const want = [1.5409961082440433, -0.2934289057609464, -2.1787893820745574];
    const got = [g.normalDouble(), g.normalDouble(), g.normalDouble()];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 14));
    expect(g.nextDoubleNormal).not.toBeNull(); // the third draw left its pair behind
    g.manualSeed(0);
    expect(g.nextDoubleNormal).toBeNull();
  });

  it('draws integers in a range with 32- or 64-bit draws', () => {
    const g = new Generator(0);
    // torch.randint(0, 10, (8,)).tolist()
    expect(Array.from({ length: 8 }, () => g.intFromTo(10, 0))).toEqual([4, 9, 3, 0, 3, 9, 7, 3]);
    g.manualSeed(0);
    // torch.randint(0, 2**40, (3,)).tolist()
    expect(Array.from({ length: 3 }, () => g.intFromTo(2 ** 40, 0))).toEqual([741280623151, 506137267392, 291447657211]);
  });

  it('repeats a stream after manualSeed and differs across seeds', () => {
    const g = new Generator(123);
    const a = Array.from({ length: 700 }, () => g.random()); // crosses a state refill (624 words)
    g.manualSeed(123);
    expect(Array.from({ length: 700 }, () => g.random())).toEqual(a);
    g.manualSeed(124);
    expect(g.random()).not.toBe(a[0]);
  });

  it('keeps the full 64-bit seed; negative seeds wrap as in PyTorch', () => {
    const g = new Generator(0);
    expect(g.manualSeed(-1).initialSeed()).toBe(18446744073709551615n);
    expect(g.manualSeed(2n ** 63n).initialSeed()).toBe(2n ** 63n);
    expect(() => g.manualSeed(2n ** 64n)).toThrow('Overflow when unpacking long');
    expect(g.manualSeed(7.9).initialSeed()).toBe(7n); // Python's int(seed)
  });

  it('serialises its state as PyTorch does (5056 bytes)', () => {
    const g = new Generator(0);
    g.normalDouble(); // leaves a cached sample
    const s = g.getState();
    expect(s.length).toBe(RNG_STATE_BYTES);
    // torch.manual_seed(0); torch.randn(1); list(torch.get_rng_state()[:24]) and [5016:5056]
    expect(Array.from(s.slice(0, 24))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 109, 2, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(s.slice(5016))).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 234, 111, 124, 8, 138, 199, 210, 191, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    const next = [g.normalDouble(), g.uniformFloat(), g.random()];
    const h = new Generator(99);
    h.setState(s);
    expect([h.normalDouble(), h.uniformFloat(), h.random()]).toEqual(next);
    expect(h.initialSeed()).toBe(0n);
  });

  it('rejects states of the wrong size or shape', () => {
    const g = new Generator(0);
    expect(() => g.setState(new Uint8Array(10))).toThrow(
      'Expected either a CPUGeneratorImplStateLegacy of size 5048 or a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10',
    );
    expect(() => g.setState(new Uint8Array(RNG_STATE_BYTES))).toThrow('Invalid mt19937 state');
  });

  it('manualSeed / initialSeed / get and set state act on the default generator', () => {
    const saved = getRngState();
    expect(manualSeed(42)).toBe(defaultGenerator);
    expect(initialSeed()).toBe(42n);
    const a = defaultGenerator.random();
    manualSeed(42);
    expect(defaultGenerator.random()).toBe(a);
    setRngState(saved);
  });

  it('seeds itself non-deterministically by default', () => {
    expect(new Generator().initialSeed()).not.toBe(new Generator().initialSeed());
  });
});
