// Matrix products against real PyTorch (linalg.fixtures.json), plus what the
// fixtures cannot record: PyTorch 2.x's grad_fn names for each matmul case,
// exact error messages (from the 2.11 conformance goldens), which tensors each
// node saves, and gradient checks (central differences) over every sample.
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { ledger } from '../memory/ledger.ts';
import { runBackward } from '../autograd/backward.ts';
import { opTable } from './define.ts';
import { addmm, bmm, dot, linear, matmul, mm, mv } from './linalg.ts';
import { t } from './layout_dims.ts';
import { fixtureCases, runFixture } from './linalg_fixtures.ts';
import { drawSamples, gradcheckSample, releaseSamples } from '../../test/gradcheck/gradcheck.ts';

const ones = (shape: number[], dtype: Tensor['dtype'] = 'float32', requiresGrad = false) => {
  const x = Tensor.empty(shape, dtype);
  x.storage.data.fill(1);
  x.leafRequiresGrad = requiresGrad;
  return x;
};
const zeros = (shape: number[], dtype: Tensor['dtype'] = 'float32') => Tensor.empty(shape, dtype);
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { pyType?: string }).pyType}: ${(e as Error).message}`;
  }
  return 'no error';
};

/** The chain of grad_fn names from y down its first input, as `y.grad_fn.next_functions[0][0]...` reads. */
function chain(y: Tensor): string[] {
  const names: string[] = [];
  let n = y.gradFn;
  while (n && n.name !== 'AccumulateGrad') {
    names.push(n.name);
    n = n.next.find((e) => e !== null)?.node ?? null;
  }
  return names;
}

describe('matrix products match PyTorch', () => {
  for (const c of fixtureCases(['mm', 'bmm', 'mv', 'dot', 'addmm', 'matmul', 'linear'])) {
    it(c.name, () => runFixture(c));
  }
});

describe('grad_fn names are PyTorch 2.x\'s', () => {
  const cases: [number[], number[], string[]][] = [
    [[4], [4], ['DotBackward0']],
    [[3, 4], [4], ['MvBackward0']],
    // tensor1.unsqueeze(0).mm(tensor2).squeeze_(0): squeeze_.dim is SqueezeBackward4 in 2.x.
    [[4], [4, 2], ['SqueezeBackward4', 'MmBackward0', 'UnsqueezeBackward0']],
    [[3, 4], [4, 2], ['MmBackward0']],
    [[2, 3, 4], [4, 2], ['UnsafeViewBackward0', 'MmBackward0', 'ViewBackward0']],
    [[2, 3, 4], [4], ['UnsafeViewBackward0', 'MvBackward0', 'ViewBackward0']],
    [[3, 4], [2, 4, 2], ['CloneBackward0', 'TransposeBackward0', 'UnsafeViewBackward0', 'MmBackward0', 'UnsafeViewBackward0', 'CloneBackward0', 'TransposeBackward0']],
    [[2, 3, 4], [2, 4, 2], ['UnsafeViewBackward0', 'BmmBackward0', 'ViewBackward0', 'ExpandBackward0']],
    [[2, 1, 3, 4], [3, 4, 2], ['UnsafeViewBackward0', 'BmmBackward0', 'UnsafeViewBackward0', 'CloneBackward0', 'ExpandBackward0']],
  ];
  for (const [sa, sb, names] of cases) {
    it(`matmul ${JSON.stringify(sa)} @ ${JSON.stringify(sb)}`, () => {
      const y = matmul(ones(sa, 'float32', true), ones(sb, 'float32', true));
      expect(chain(y)).toEqual(names);
    });
  }

  it('linear: AddmmBackward0 for 2-D input, ViewBackward0 over it otherwise, MmBackward0 without bias', () => {
    const w = ones([2, 3], 'float32', true);
    const b = ones([2], 'float32', true);
    const y2 = linear(ones([4, 3]), w, b);
    expect(y2.gradFn!.name).toBe('AddmmBackward0');
    // next_functions: (bias AccumulateGrad, None for the input, TBackward0 for weight.t())
    expect(y2.gradFn!.next.map((e) => e?.node.name ?? null)).toEqual(['AccumulateGrad', null, 'TBackward0']);
    expect(chain(linear(ones([3]), w, b))).toEqual(['ViewBackward0', 'AddmmBackward0']);
    expect(linear(ones([5, 4, 3]), w, b).gradFn!.name).toBe('ViewBackward0');
    expect(linear(ones([4, 3]), w).gradFn!.name).toBe('MmBackward0');
  });

  it('mm, bmm, mv, dot, addmm', () => {
    const a = ones([2, 3], 'float32', true);
    expect(mm(a, ones([3, 2])).gradFn!.name).toBe('MmBackward0');
    expect(bmm(ones([2, 2, 3], 'float32', true), ones([2, 3, 1])).gradFn!.name).toBe('BmmBackward0');
    expect(mv(a, ones([3])).gradFn!.name).toBe('MvBackward0');
    expect(dot(ones([3], 'float32', true), ones([3])).gradFn!.name).toBe('DotBackward0');
    expect(addmm(ones([2]), ones([3, 3]), ones([3, 2])).gradFn).toBeNull();
    expect(addmm(ones([2]), ones([3, 3]), ones([3, 2], 'float32', true)).gradFn!.name).toBe('AddmmBackward0');
  });
});

describe('error messages are PyTorch 2.11\'s', () => {
  it('mm', () => {
    expect(message(() => matmul(zeros([2, 3]), zeros([2, 3])))).toBe('RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)');
    expect(message(() => mm(zeros([2, 3]), zeros([4, 2])))).toBe('RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x2)');
    expect(message(() => mm(zeros([3]), zeros([3, 2])))).toBe('RuntimeError: self must be a matrix');
    expect(message(() => mm(zeros([2, 3]), zeros([3])))).toBe('RuntimeError: mat2 must be a matrix');
    expect(message(() => matmul(zeros([2, 2], 'int64'), ones([2, 2])))).toBe(
      'RuntimeError: expected m1 and m2 to have the same dtype, but got: long int != float',
    );
  });

  it('bmm, mv, dot, matmul', () => {
    expect(message(() => bmm(ones([2, 3]), ones([3, 2])))).toBe('RuntimeError: batch1 must be a 3D tensor');
    expect(message(() => matmul(ones([2, 2, 3]), ones([2, 4, 5])))).toBe(
      'RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].',
    );
    expect(message(() => matmul(ones([2, 3]), ones([4])))).toBe('RuntimeError: size mismatch, got input (2), mat (2x3), vec (4)');
    expect(message(() => matmul(ones([3]), ones([4])))).toBe(
      'RuntimeError: inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively',
    );
    expect(message(() => dot(ones([3], 'int64'), ones([3])))).toBe('RuntimeError: dot : expected both vectors to have same dtype, but found Long and Float');
    expect(message(() => matmul(zeros([2, 3]), zeros([])))).toBe('RuntimeError: both arguments to matmul need to be at least 1D, but they are 2D and 0D');
    expect(message(() => matmul(ones([2, 3, 4]), ones([3, 5, 6])))).toBe(
      'RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0',
    );
  });

  it('linear and addmm', () => {
    const w = ones([2, 3]);
    expect(message(() => linear(zeros([2, 4]), w, ones([2])))).toBe('RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x4 and 3x2)');
    expect(message(() => linear(zeros([4]), w, ones([2])))).toBe('RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x4 and 3x2)');
    expect(message(() => addmm(ones([4]), ones([2, 3]), ones([3, 3])))).toBe(
      'RuntimeError: The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 1.  Target sizes: [2, 3].  Tensor sizes: [4]',
    );
    expect(message(() => addmm(ones([3]), ones([3]), ones([3, 3])))).toBe('RuntimeError: mat1 must be a matrix, got 1-D tensor');
  });
});

describe('values beyond the fixtures', () => {
  it('integer matmul stays int64 and exact', () => {
    const a = Tensor.fromData(Float64Array.from([1, 2, 3, 4]), [2, 2], 'int64');
    const y = matmul(a, a);
    expect(y.dtype).toBe('int64');
    expect(y.toArray()).toEqual([7, 10, 15, 22]);
    const i32 = Tensor.fromData(Int32Array.from([1, 2, 3, 4]), [2, 2], 'int32');
    expect(mm(i32, i32).toArray()).toEqual([7, 10, 15, 22]);
  });

  it('addmm with beta = 0 ignores NaN in input, as BLAS does', () => {
    const self = Tensor.fromData(Float32Array.from([NaN, NaN]), [2], 'float32');
    expect(addmm(self, ones([1, 3]), ones([3, 2]), 0, 2).toArray()).toEqual([6, 6]);
  });

  it('empty products are zeros', () => {
    expect(mm(zeros([2, 0]), zeros([0, 3])).toArray()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(matmul(zeros([0, 3]), zeros([3, 2])).shape).toEqual([0, 2]);
  });
});

describe('saved tensors are what PyTorch saves', () => {
  const savedShapes = (y: Tensor) => y.gradFn!.saved.map((s) => s.unpack().shape);

  it('mm saves self only when mat2 needs grad, and mat2 only when self does', () => {
    expect(savedShapes(mm(ones([2, 3], 'float32', true), ones([3, 4])))).toEqual([[3, 4]]);
    expect(savedShapes(mm(ones([2, 3]), ones([3, 4], 'float32', true)))).toEqual([[2, 3]]);
    expect(savedShapes(mm(ones([2, 3], 'float32', true), ones([3, 4], 'float32', true)))).toEqual([[3, 4], [2, 3]]);
    expect(savedShapes(dot(ones([3], 'float32', true), ones([3])))).toEqual([[3]]);
  });

  it('Linear keeps its input and weight.t() (a view: no new bytes) for AddmmBackward0', () => {
    const w = ones([50, 320], 'float32', true);
    const b = ones([50], 'float32', true);
    const x = ones([64, 320], 'float32', true);
    const before = ledger.allocatedBlocks;
    const y = linear(x, w, b);
    // Only the output is new: mat1 is the input itself, mat2 a view of the weight.
    expect(ledger.allocatedBlocks - before).toBe(64 * 50 * 4);
    const saved = y.gradFn!.saved.map((s) => s.unpack());
    expect(saved.map((s) => s.storage)).toEqual([w.storage, x.storage]);
    y.release();
    expect(ledger.allocatedBlocks).toBe(before);
  });

  it("weight.t()'s gradient arrives contiguous (mm_mat2_backward's transposed path)", () => {
    const w = ones([4, 3], 'float32', true);
    const y = linear(ones([2, 3]), w, ones([4]));
    const g = ones([2, 4]);
    runBackward([y], [g]);
    expect(w.grad!.isContiguous()).toBe(true);
    expect(w.grad!.toArray()).toEqual(new Array(12).fill(2));
  });
});

describe('gradcheck over every sample (float64 central differences)', () => {
  for (const name of ['mm', 'bmm', 'mv', 'dot', 'addmm', 'matmul', 'linear']) {
    it(name, () => {
      const spec = opTable.get(name)!;
      const samples = drawSamples(spec);
      for (const s of samples) expect(gradcheckSample(spec, s), `${name} [${s.label ?? ''}]`).toEqual([]);
      releaseSamples(samples);
    });
  }

  it('t() of a weight through mm matches a hand transpose', () => {
    const a = Tensor.fromData(Float64Array.from([1, 2, 3, 4, 5, 6]), [2, 3], 'float64');
    expect(mm(a, t(a)).toArray()).toEqual([14, 32, 32, 77]);
  });
});
