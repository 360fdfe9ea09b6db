// PyTorch's own random streams (torch 1.13 CPU generator, unchanged in 2.x):
// each expectation is the output of the same call after torch.manual_seed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { defaultGenerator, Generator, getRngState, manualSeed, setRngState } from '../core/random.ts';
import { ledger } from '../memory/ledger.ts';
import { runBackward } from '../autograd/backward.ts';
import { noGrad } from '../autograd/grad_mode.ts';
import { empty, ones, tensor, zeros } from './creation.ts';
import {
  bernoulli, bernoulli_, normal, normal_, rand, randint, randintLike, randLike, randn, randnLike, random_, randperm, uniform_,
} from './creation_random.ts';
import { mul } from './pointwise_binary.ts';

function balanced(fn: (keep: <T extends Tensor>(t: T) => T) => void): void {
  const before = ledger.allocated;
  const kept: Tensor[] = [];
  fn((t) => (kept.push(t), t));
  for (const t of kept) t.release();
  expect(ledger.allocated).toBe(before);
}

function raises(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'did not raise';
}

let saved: Uint8Array;
beforeEach(() => {
  saved = getRngState();
  manualSeed(0);
});
afterEach(() => setRngState(saved));

describe('random creation matches PyTorch after manual_seed(0)', () => {
  it('rand, rand(float64), rand_like', () => {
    balanced((k) => {
      expect(k(rand([3])).toArray()).toEqual([0.49625658988952637, 0.7682217955589294, 0.08847743272781372]);
      manualSeed(0);
      expect(k(rand([3], { dtype: 'float64' })).toArray()).toEqual([0.9700530018065531, 0.707819864399788, 0.45938294312745087]);
      manualSeed(0);
      const r = k(randLike(k(empty([2, 3]))));
      expect([r.shape, r.toArray()]).toEqual([
        [2, 3],
        [0.49625658988952637, 0.7682217955589294, 0.08847743272781372, 0.13203048706054688, 0.30742281675338745, 0.6340786814689636],
      ]);
    });
  });

  it('randn: cached Box-Muller below 16 elements, normal_fill from 16', () => {
    balanced((k) => {
      expect(k(randn([3])).toArray()).toEqual([1.5409960746765137, -0.293428897857666, -2.1787893772125244]);
      manualSeed(0);
      const a = k(randn([1]));
      const b = k(randn([1]));
      expect([a.toArray()[0], b.toArray()[0]]).toEqual([1.5409960746765137, -0.293428897857666]); // the cached pair
      manualSeed(0);
      const big = k(randn([20])).toArray();
      const want = [
        -1.1258398294448853, -1.152360200881958, -0.2505785822868347, -0.4338788092136383, 0.5988394618034363, -1.5550950765609741, -0.3413603901863098,
        1.85300612449646, 0.46809640526771545, -0.1577124446630478, 1.4436601400375366, 0.26604941487312317, 1.3893661499023438, 1.586334228515625,
        0.946298360824585, -0.843676745891571, 0.9318265914916992, 1.2590092420578003, 2.0049805641174316, 0.05373690277338028,
      ];
      // PyTorch's AVX2 log/sin/cos may differ from the C library's in the last bit.
      big.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
      manualSeed(0);
      const d = k(randn([20], { dtype: 'float64' })).toArray();
      expect(d[0]).toBeCloseTo(-2.310411800234176, 14);
      expect(d[19]).toBeCloseTo(-0.7498915228391941, 14);
    });
  });

  it('randint, randperm, random_', () => {
    balanced((k) => {
      expect(k(randint(0, 10, [8])).toArray()).toEqual([4, 9, 3, 0, 3, 9, 7, 3]);
      manualSeed(0);
      const r = k(randint(3, 7, [2, 3]));
      expect([r.dtype, r.toArray()]).toEqual(['int64', [3, 6, 4, 3, 6, 6]]);
      manualSeed(0);
      expect(k(randint(-5, 5, [4], { dtype: 'float32' })).toArray()).toEqual([-1, 4, -2, -5]);
      manualSeed(0);
      expect(k(randperm(10)).toArray()).toEqual([4, 1, 7, 5, 3, 9, 0, 8, 6, 2]);
      manualSeed(0);
      expect(k(randperm(5, { dtype: 'float32' })).toArray()).toEqual([4, 0, 1, 3, 2]);
      manualSeed(0);
      expect(random_(k(empty([4])), 0, 100).toArray()).toEqual([44, 39, 33, 60]);
      expect(random_(k(empty([3], { dtype: 'int64' })), 10).toArray()).toEqual([3, 9, 7]);
      manualSeed(0);
      expect(random_(k(empty([3], { dtype: 'int32' }))).toArray()).toEqual([209652396, 398764591, 924231285]);
      expect(k(randintLike(k(zeros([2])), 0, 5)).dtype).toBe('float32');
    });
  });

  it('bernoulli draws floats or doubles by p\'s dtype, row by row of the output', () => {
    balanced((k) => {
      expect(k(bernoulli(k(tensor([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])))).toArray()).toEqual([1, 0, 1, 1, 1, 0, 1, 0]);
      manualSeed(0);
      expect(k(bernoulli(k(tensor([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], { dtype: 'float64' })))).toArray()).toEqual([0, 0, 1, 0, 0, 0, 1, 1]);
      manualSeed(0);
      const p = k(tensor([[0.1, 0.9], [0.5, 0.5]]));
      const pt = k(new Tensor(p.storage, [2, 2], [1, 2], 0)); // p.t()
      expect(k(bernoulli(pt)).toArray()).toEqual([0, 0, 1, 1]);
    });
  });

  it('normal with tensor or number arguments', () => {
    balanced((k) => {
      const a = k(normal(k(zeros([3])), 2));
      expect(a.toArray()).toEqual([3.0819921493530273, -0.586857795715332, -4.357578754425049]);
      expect(k(normal(1, k(ones([3])))).toArray()).toEqual([1.5684312582015991, -0.08452236652374268, -0.3985954523086548]);
      manualSeed(0);
      expect(k(normal(2, 3, [3])).toArray()).toEqual([6.622988224029541, 1.119713306427002, -4.536368370056152]);
    });
  });

  it('a separate Generator leaves the default stream alone', () => {
    balanced((k) => {
      const g = new Generator().manualSeed(5);
      expect(k(rand([2], { generator: g })).toArray()).toEqual([0.8302518725395203, 0.12611091136932373]);
      expect(k(rand([1])).toArray()).toEqual([0.49625658988952637]);
    });
  });

  it('repeats after manual_seed (dropout_013_same_seed_same_mask)', () => {
    balanced((k) => {
      manualSeed(123);
      const a = bernoulli_(k(empty([64])), 0.5).toArray();
      manualSeed(123);
      const b = bernoulli_(k(empty([64])), 0.5).toArray();
      expect(b).toEqual(a);
      expect(bernoulli_(k(empty([64])), 0.5).toArray()).not.toEqual(a);
    });
  });
});

describe('in-place initialisers', () => {
  it('uniform_ and normal_ (param_008_reset_parameters_uniform)', () => {
    balanced((k) => {
      expect(uniform_(k(empty([5])), -2, 3).toArray()).toEqual([0.48128294944763184, 1.841109037399292, -1.5576128959655762, -1.3398475646972656, -0.46288591623306274]);
      manualSeed(0);
      expect(normal_(k(empty([3])), 1, 2).toArray()).toEqual([4.081992149353027, 0.4131421744823456, -3.357578754425049]);
      manualSeed(0);
      const w = k(empty([3, 16], { requiresGrad: true }));
      const data = k(new Tensor(w.storage, w.shape, w.strides, 0)); // w.data
      const bound = 1 / Math.sqrt(16);
      uniform_(data, -bound, bound);
      expect(w.toArray().every((v) => Math.abs(v) <= bound)).toBe(true);
      expect(new Set(w.toArray()).size).toBeGreaterThan(1);
    });
  });

  it('fill strided tensors in memory order, as TensorIterator does', () => {
    balanced((k) => {
      const base = k(empty([4, 3]));
      const t = k(new Tensor(base.storage, [3, 4], [1, 3], 0, base.version)); // base.t()
      uniform_(t);
      expect(t.toArray().slice(0, 4)).toEqual([0.49625658988952637, 0.13203048706054688, 0.4900934100151062, 0.6323062777519226]);
    });
  });

  it('bump the version, refuse leaves that require grad, record a node on non-leaves', () => {
    balanced((k) => {
      const t = k(zeros([3]));
      uniform_(t);
      normal_(t);
      bernoulli_(t, 0.5);
      expect(t.version.value).toBe(3);
      const w = k(ones([3], { requiresGrad: true }));
      expect(raises(() => uniform_(w))).toBe('RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.');
      noGrad(() => normal_(w));
      expect(w.version.value).toBe(1);
      const names: string[] = [];
      for (const init of [(y: Tensor) => uniform_(y), (y: Tensor) => normal_(y), (y: Tensor) => bernoulli_(y, 0.5), (y: Tensor) => random_(y, 0, 5)]) {
        const y = k(mul(w, 1));
        init(y);
        names.push(y.gradFn!.name);
        expect(y.gradFn!.next[0]!.node.name).toBe('MulBackward0');
      }
      expect(names).toEqual(['UniformBackward0', 'NormalBackward0', 'BernoulliBackward2', 'RandomBackward0']);
      const y = k(mul(w, 1));
      uniform_(y);
      runBackward([y], [k(ones([3]))]);
      expect(w.grad?.toArray()).toEqual([0, 0, 0]);
    });
  });

  it('random ops with tensor inputs have zero gradients', () => {
    balanced((k) => {
      const m = k(zeros([3], { requiresGrad: true }));
      const s = k(ones([3], { requiresGrad: true }));
      const y = k(normal(m, s));
      expect(y.gradFn?.name).toBe('NormalBackward3');
      expect(k(normal(m, 2)).gradFn?.name).toBe('NormalBackward1');
      expect(k(normal(1, s)).gradFn?.name).toBe('NormalBackward2');
      runBackward([y], [k(ones([3]))]);
      expect([m.grad?.toArray(), s.grad?.toArray()]).toEqual([[0, 0, 0], [0, 0, 0]]);
      const p = k(tensor([0.5, 0.5, 0.5], { requiresGrad: true }));
      const b = k(bernoulli(p));
      expect([b.gradFn?.name, b.requiresGrad]).toEqual(['BernoulliBackward0', true]);
      expect(k(rand([3], { requiresGrad: true })).isLeaf).toBe(true);
      expect(k(randLike(p)).requiresGrad).toBe(false);
    });
  });
});

describe('errors (PyTorch messages)', () => {
  it('dtype and argument checks', () => {
    const before = ledger.allocated;
    expect(raises(() => rand([2], { dtype: 'int64' }))).toBe(`RuntimeError: "check_uniform_bounds" not implemented for 'Long'`);
    expect(raises(() => randn([2], { dtype: 'int64' }))).toBe(`RuntimeError: "normal_kernel_cpu" not implemented for 'Long'`);
    const ints = tensor([1, 2]);
    expect(raises(() => randLike(ints))).toBe(`RuntimeError: "check_uniform_bounds" not implemented for 'Long'`);
    expect(raises(() => randnLike(ints))).toBe(`RuntimeError: "normal_kernel_cpu" not implemented for 'Long'`);
    expect(raises(() => bernoulli(ints))).toBe(`RuntimeError: "bernoulli_tensor_cpu_p_" not implemented for 'Long'`);
    ints.release();
    expect(raises(() => randint(5, 5, [2]))).toBe("RuntimeError: random_ expects 'from' to be less than 'to', but got from=5 >= to=5");
    expect(raises(() => randint(0, 300, [2], { dtype: 'uint8' }))).toBe('RuntimeError: to - 1 is out of bounds for unsigned char');
    expect(raises(() => randperm(-1))).toBe('RuntimeError: Trying to create tensor with negative dimension -1: [-1]');
    expect(raises(() => normal(0, -1, [2]))).toBe('RuntimeError: normal expects std >= 0.0, but found std -1');
    const z = zeros([2]);
    const bad = tensor([1, -1], { hasFloat: true });
    expect(raises(() => normal(z, bad))).toBe('RuntimeError: normal expects all elements of std >= 0.0');
    expect(raises(() => normal_(z, 0, -1))).toBe('RuntimeError: normal expects std >= 0.0, but found std -1');
    expect(raises(() => uniform_(z, 1, 0))).toBe('RuntimeError: uniform_ expects to return a [from, to) range, but found from=1 > to=0');
    expect(raises(() => bernoulli_(z, 1.5))).toBe('RuntimeError: bernoulli_ expects p to be in [0, 1], but got p=1.5');
    const p = tensor([1.5]);
    expect(raises(() => bernoulli(p))).toBe(
      'RuntimeError: Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)',
    );
    const ex = new Tensor(z.storage, [3, 2], [0, 1], 0, z.version);
    expect(raises(() => uniform_(ex))).toMatch(/^RuntimeError: unsupported operation: more than one element of the written-to tensor/);
    for (const t of [z, bad, p, ex]) t.release();
    expect(ledger.allocated).toBe(before);
  });

  it('the default generator is shared', () => {
    expect(manualSeed(1)).toBe(defaultGenerator);
  });
});
