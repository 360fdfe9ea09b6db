// The random generator: PyTorch's CPU generator, number for number.
//
// Note [Random streams]: PyTorch's CPU generator is a 32-bit Mersenne Twister
// (mt19937) seeded the standard way, and every distribution is a fixed
// transformation of its 32- or 64-bit draws (ATen's DistributionsHelper.h and
// TransformationHelper.h). We keep the same engine and the same
// transformations, so `torch.manual_seed(0); torch.rand(3)` gives PyTorch's
// tensor([0.4963, 0.7682, 0.0885]) here too. Box-Muller produces normals in
// pairs; the spare one is cached in the generator exactly as
// CPUGeneratorImpl caches it, and `manualSeed` clears the cache.
//
// This file knows nothing about tensors: `ops/creation_random.ts` fills
// tensors from these draws.
import { runtimeError } from '../errors/errors.ts';

const N = 624; // MERSENNE_STATE_N
const M = 397; // MERSENNE_STATE_M
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const UINT64_MASK = (1n << 64n) - 1n;

/** Size of the byte state PyTorch's get_rng_state() returns (CPUGeneratorImplState). */
export const RNG_STATE_BYTES = 5056;
/** Size of the older CPUGeneratorImplStateLegacy, which set_state also accepts in PyTorch. */
const LEGACY_STATE_BYTES = 5048;

// Byte offsets inside the state, laid out as the C++ struct on x86-64.
const OFF_SEED = 0;
const OFF_LEFT = 8;
const OFF_SEEDED = 12;
const OFF_NEXT = 16;
const OFF_STATE = 24;
const OFF_NORMAL_Y = 5024;
const OFF_NORMAL_VALID = 5040;
const OFF_FLOAT_NORMAL = 5048;
const OFF_FLOAT_NORMAL_VALID = 5052;

/** A seed as PyTorch takes it: any integer in [-2**63, 2**64), stored as uint64. */
export type Seed = number | bigint;

function toUint64(seed: Seed): bigint {
  let s: bigint;
  if (typeof seed === 'bigint') s = seed;
  else {
    if (!Number.isFinite(seed)) throw runtimeError('Overflow when unpacking long');
    s = BigInt(Math.trunc(seed)); // Python's int(seed)
  }
  if (s >= 1n << 64n || s < -(1n << 63n)) throw runtimeError('Overflow when unpacking long');
  return s & UINT64_MASK;
}

/** 64 random bits from the platform, as PyTorch's getNonDeterministicRandom. */
function nonDeterministicSeed(): bigint {
  const words = new Uint32Array(2);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(words);
  else {
    words[0] = Math.floor(Math.random() * TWO_POW_32);
    words[1] = Math.floor(Math.random() * TWO_POW_32);
  }
  return (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
}

/**
 * A seedable random number generator (torch.Generator on the CPU).
 *
 * ```ts
 * const g = new Generator().manualSeed(0);
 * g.uniformFloat(); // 0.49625658988952637, as torch.rand(1, generator=g)
 * ```
 */
export class Generator {
  private readonly mt = new Uint32Array(N);
  private left = 1;
  private next = 0;
  private seedValue = 0n;
  /** Box-Muller's spare value for double draws (next_double_normal_sample). */
  nextDoubleNormal: number | null = null;
  /** The same for float draws (next_float_normal_sample); kept for state round-trips. */
  nextFloatNormal: number | null = null;

  constructor(seed?: Seed) {
    this.manualSeed(seed ?? nonDeterministicSeed());
  }

  /** generator.manual_seed(seed): restarts the stream; returns this generator. */
  manualSeed(seed: Seed): this {
    const s = toUint64(seed);
    this.seedValue = s;
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    const mt = this.mt;
    mt[0] = Number(s & 0xffffffffn);
    for (let j = 1; j < N; j++) {
      const prev = mt[j - 1]! ^ (mt[j - 1]! >>> 30);
      mt[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
    return this;
  }

  /** generator.initial_seed(): the seed the stream started from. */
  initialSeed(): bigint {
    return this.seedValue;
  }

  /** generator.seed(): reseeds from the platform's entropy and returns the new seed. */
  seed(): bigint {
    const s = nonDeterministicSeed();
    this.manualSeed(s);
    return s;
  }

  private twist(u: number, v: number): number {
    const y = (u & UPPER_MASK) | (v & LOWER_MASK);
    return ((y >>> 1) ^ (v & 1 ? MATRIX_A : 0)) >>> 0;
  }

  private nextState(): void {
    const mt = this.mt;
    this.left = N;
    this.next = 0;
    let p = 0;
    for (let j = N - M + 1; --j; p++) mt[p] = (mt[p + M]! ^ this.twist(mt[p]!, mt[p + 1]!)) >>> 0;
    for (let j = M; --j; p++) mt[p] = (mt[p + M - N]! ^ this.twist(mt[p]!, mt[p + 1]!)) >>> 0;
    mt[p] = (mt[p + M - N]! ^ this.twist(mt[p]!, mt[0]!)) >>> 0;
  }

  /** One 32-bit draw (generator->random()). */
  random(): number {
    if (--this.left === 0) this.nextState();
    let y = this.mt[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One 64-bit draw (generator->random64()): the first 32-bit draw is the high word. */
  random64(): bigint {
    const hi = this.random();
    const lo = this.random();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A double in [0, 1) from 53 bits of a 64-bit draw (uniform_real_distribution<double>). */
  uniformDouble(): number {
    const hi = this.random();
    const lo = this.random();
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) / TWO_POW_53;
  }

  /** A float32 value in [0, 1) from 24 bits of a 32-bit draw (uniform_real_distribution<float>). */
  uniformFloat(): number {
    return (this.random() & 0xffffff) / 16777216;
  }

  /** A half-precision value in [0, 1) from 11 bits (uniform_real_distribution<Half>). */
  uniformHalf(): number {
    return (this.random() & 0x7ff) / 2048;
  }

  /**
   * A standard normal double by Box-Muller (normal_distribution<double>): the
   * cosine branch now, the sine branch cached for the next call.
   */
  normalDouble(): number {
    const cached = this.nextDoubleNormal;
    if (cached !== null) {
      this.nextDoubleNormal = null;
      return cached;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log1p(-u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * A draw in [base, base + range) (uniform_int_from_to_distribution): one
   * 32-bit draw, or a 64-bit one when the range needs more bits.
   */
  intFromTo(range: number, base: number): number {
    if (range >= TWO_POW_32) {
      return Number(BigInt.asIntN(64, (this.random64() % BigInt(range)) + BigInt(base)));
    }
    return (this.random() % range) + base;
  }

  /** torch.get_rng_state(): the generator as PyTorch's 5056-byte CPUGeneratorImplState. */
  getState(): Uint8Array {
    const bytes = new Uint8Array(RNG_STATE_BYTES);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(OFF_SEED, this.seedValue, true);
    view.setInt32(OFF_LEFT, this.left, true);
    view.setInt32(OFF_SEEDED, 1, true);
    view.setBigUint64(OFF_NEXT, BigInt(this.next), true);
    for (let i = 0; i < N; i++) view.setUint32(OFF_STATE + 8 * i, this.mt[i]!, true);
    if (this.nextDoubleNormal !== null) {
      view.setFloat64(OFF_NORMAL_Y, this.nextDoubleNormal, true);
      view.setInt32(OFF_NORMAL_VALID, 1, true);
    }
    if (this.nextFloatNormal !== null) {
      view.setFloat32(OFF_FLOAT_NORMAL, this.nextFloatNormal, true);
      bytes[OFF_FLOAT_NORMAL_VALID] = 1;
    }
    return bytes;
  }

  /** torch.set_rng_state(state): restores a state taken with getState(). */
  setState(state: Uint8Array): void {
    if (state.length !== RNG_STATE_BYTES) {
      throw runtimeError(
        `Expected either a CPUGeneratorImplStateLegacy of size ${LEGACY_STATE_BYTES} or a CPUGeneratorImplState of size ${RNG_STATE_BYTES} but found the input RNG state size to be ${state.length}`,
      );
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const left = view.getInt32(OFF_LEFT, true);
    const seeded = view.getInt32(OFF_SEEDED, true);
    const next = Number(view.getBigUint64(OFF_NEXT, true) & 0xffffffffn);
    if (seeded === 0 || left <= 0 || left > N || next > N) throw runtimeError('Invalid mt19937 state');
    this.seedValue = view.getBigUint64(OFF_SEED, true);
    this.left = left;
    this.next = next;
    for (let i = 0; i < N; i++) this.mt[i] = view.getUint32(OFF_STATE + 8 * i, true);
    this.nextDoubleNormal = view.getInt32(OFF_NORMAL_VALID, true) ? view.getFloat64(OFF_NORMAL_Y, true) : null;
    this.nextFloatNormal = state[OFF_FLOAT_NORMAL_VALID] ? view.getFloat32(OFF_FLOAT_NORMAL, true) : null;
  }
}

/** torch.default_generator: seeded from the platform's entropy, as PyTorch's. */
export const defaultGenerator = new Generator();

/** torch.manual_seed(seed): reseeds the default generator and returns it. */
export function manualSeed(seed: Seed): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** torch.initial_seed(). */
export function initialSeed(): bigint {
  return defaultGenerator.initialSeed();
}

/** torch.seed(): a fresh non-deterministic seed for the default generator. */
export function seed(): bigint {
  return defaultGenerator.seed();
}

/**
 * `torch.empty((), dtype=torch.int64).random_(generator=g).item()`, exactly (a
 * bigint): one 64-bit draw reduced to [0, 2**63). The DataLoader and
 * RandomSampler seed fresh generators with it, and mt19937 seeds from the low
 * 32 bits, which an int64 tensor (a Float64Array) would round away.
 */
export function randomInt64(generator: Generator = defaultGenerator): bigint {
  return generator.random64() % (1n << 63n);
}

/** torch.get_rng_state() as bytes. */
export function getRngState(): Uint8Array {
  return defaultGenerator.getState();
}

/** torch.set_rng_state(state). */
export function setRngState(state: Uint8Array): void {
  defaultGenerator.setState(state);
}
