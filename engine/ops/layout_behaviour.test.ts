// What the layout ops promise beyond values: views share storage and version
// counter and allocate nothing; their nodes save nothing; identity cases hand
// back the input itself; PyTorch 2.x behaviour the 1.13 fixtures cannot show;
// and the conformance transcripts' layout facts (goldens-torch2.11.json).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { setInferenceMode, restoreGradMode } from '../autograd/grad_mode.ts';
import { setWarningSink, TorchError } from '../errors/errors.ts';
import { ledger } from '../memory/ledger.ts';
import { contiguous, detach, to } from './layout_copy.ts';
import { movedim, mT, permute, squeeze, swapaxes, t, T, T_WARNING, transpose, unsqueeze } from './layout_dims.ts';
import { cat, stack } from './layout_join.ts';
import { flip } from './layout_reorder.ts';
import { narrow, select, slice } from './layout_slicing.ts';
import { chunk, split, tensorSplit } from './layout_split.ts';
import { arangeLeaf, tensor } from './layout_test_helpers.ts';
import { expand, flatten, reshape, sumToSize, view } from './layout_views.ts';
import { mul } from './pointwise_binary.ts';

/** Runs fn in a scope and checks every byte it allocated is released afterwards. */
function scoped(fn: () => void): void {
  const before = ledger.allocated;
  tidy(
    () => {
      fn();
      return [];
    },
    () => [],
  );
  expect(ledger.allocated, 'bytes left allocated').toBe(before);
}

function raises(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof TorchError) return `${err.pyType}: ${err.message}`;
    throw err;
  }
  throw new Error('did not raise');
}

const arange = (shape: number[]) => tensor(Array.from({ length: shape.reduce((a, s) => a * s, 1) }, (_, i) => i), shape, 'int64');

describe('views', () => {
  it('share storage and version counter, allocate nothing, and keep their base alive', () => {
    scoped(() => {
      const x = arange([2, 3, 4]);
      const before = ledger.allocated;
      const views = [
        view(x, [6, 4]), reshape(x, [4, 6]), flatten(x), transpose(x, 0, 2), permute(x, [2, 0, 1]), t(select(x, 0, 1)),
        expand(unsqueeze(x, 0), [5, 2, 3, 4]), squeeze(unsqueeze(x, 1)), slice(x, 2, 1, null, 2), narrow(x, 1, 1, 2),
        ...split(x, 1, 1), ...chunk(x, 2, 2), ...tensorSplit(x, 3, 1), movedim(x, 0, -1), swapaxes(x, 0, 1), mT(x),
      ];
      expect(ledger.allocated).toBe(before);
      for (const v of views) {
        expect(v.storage).toBe(x.storage);
        expect(v.version).toBe(x.version);
        expect(v.base).toBe(x);
      }
      x.release();
      expect(views[0]!.toArray().slice(0, 3)).toEqual([0, 1, 2]); // the base lives on through its views
      expect(views[0]!.storage.freed).toBe(false);
    });
  });

  it('a view of a view has the root as its base, and writes show through', () => {
    scoped(() => {
      const x = arange([3, 4]);
      const v = select(transpose(x, 0, 1), 0, 2);
      expect(v.base).toBe(x);
      expect([v.shape, v.strides, v.offset]).toEqual([[3], [4], 2]);
      v.storage.data[v.offset + v.strides[0]!] = 99;
      expect(x.at(1, 2)).toBe(99);
    });
  });

  it('record nodes that save no tensors', () => {
    scoped(() => {
      const x = arangeLeaf([2, 3]);
      for (const v of [view(x, [6]), transpose(x, 0, 1), expand(x, [4, 2, 3]), select(x, 0, 1), slice(x, 1, 1), squeeze(x), unsqueeze(x, 0), permute(x, [1, 0]), ...split(x, 1), cat([x, x]), stack([x, x])]) {
        expect(v.gradFn!.saved.length, v.gradFn!.name).toBe(0);
        expect(v.gradFn!.savedBytes()).toBe(0);
      }
    });
  });

  it('carry inference mode from their input', () => {
    scoped(() => {
      const prev = setInferenceMode(true);
      let x: Tensor;
      try {
        x = arange([2, 3]);
        x.isInference = true;
      } finally {
        restoreGradMode(prev);
      }
      expect(view(x!, [6]).isInference).toBe(true);
      expect(detach(x!).isInference).toBe(true);
    });
  });
});

describe('identity cases return the input itself (retained), as PyTorch returns self', () => {
  it('contiguous, to(same dtype), flatten(d, d), sum_to_size(same size)', () => {
    scoped(() => {
      const x = arangeLeaf([2, 3]);
      for (const same of [contiguous(x), to(x, 'float64'), flatten(x, 1, 1), sumToSize(x, [2, 3])]) {
        expect(same).toBe(x);
        same.release();
      }
      expect(x.refCount).toBe(1);
      expect(contiguous(t(x))).not.toBe(x);
      expect(to(x, 'float64', true)).not.toBe(x);
    });
  });

  it('detach shares storage and version counter but not the graph', () => {
    scoped(() => {
      const x = arangeLeaf([3]);
      const y = mul(x, 2);
      const d = detach(y);
      expect([d.storage, d.version, d.requiresGrad, d.gradFn, d.isLeaf]).toEqual([y.storage, y.version, false, null, true]);
      expect(d.base).toBe(null);
    });
  });
});

describe('PyTorch 2.x behaviour (the 1.13 fixtures cannot show it)', () => {
  it('squeeze with a tuple of dims is SqueezeBackward2', () => {
    scoped(() => {
      const x = arangeLeaf([1, 3, 1, 2]);
      const y = squeeze(x, [0, -2, 1]);
      expect([y.shape, y.gradFn?.name]).toEqual([[3, 2], 'SqueezeBackward2']);
      expect(raises(() => squeeze(x, [0, 0]))).toBe('RuntimeError: dim 0 appears multiple times in the list of dims');
      runBackward([y], [tensor([1, 2, 3, 4, 5, 6], [3, 2])]);
      expect([x.grad!.shape, x.grad!.toArray()]).toEqual([[1, 3, 1, 2], [1, 2, 3, 4, 5, 6]]);
    });
  });

  it("narrow's start is range-checked on its own (IndexError), its length must be non-negative", () => {
    scoped(() => {
      const x = arange([3, 4]);
      expect(raises(() => narrow(x, 0, 4, 1))).toBe('IndexError: start out of range (expected to be in range of [-3, 3], but got 4)');
      expect(raises(() => narrow(x, 0, 1, -1))).toBe('RuntimeError: narrow(): length must be non-negative.');
      expect(raises(() => narrow(x, 0, -2, 3))).toBe('RuntimeError: start (1) + length (3) exceeds dimension size (3).');
      expect(narrow(x, 0, 3, 0).shape).toEqual([0, 4]);
    });
  });

  it('reshape records ViewBackward0 for a view and UnsafeViewBackward0 over CloneBackward0 for a copy', () => {
    scoped(() => {
      const x = arangeLeaf([2, 3]);
      expect(reshape(x, [3, 2]).gradFn?.name).toBe('ViewBackward0');
      const r = reshape(t(x), [6]);
      expect(r.gradFn?.name).toBe('UnsafeViewBackward0');
      expect(r.gradFn?.next.map((e) => e?.node.name)).toEqual(['CloneBackward0']);
      expect(contiguous(t(x)).gradFn?.name).toBe('CloneBackward0');
    });
  });

  it('x.T warns once, with 2.x text, for tensors that are not 2-D', () => {
    const seen: string[] = [];
    setWarningSink((category, message) => seen.push(`${category}: ${message}`));
    scoped(() => {
      const x = arange([2, 3, 4]);
      T(arange([2, 3]));
      T(arange([]));
      expect(seen).toEqual([]);
      T(x);
      T(x);
      expect(T(x).shape).toEqual([4, 3, 2]);
      expect(seen).toEqual([`UserWarning: ${T_WARNING}`]);
    });
  });
  afterEach(() => setWarningSink(() => {}));
});

describe('conformance transcripts (PyTorch 2.11)', () => {
  const goldens = JSON.parse(
    readFileSync(new URL('../../test/conformance/goldens-torch2.11.json', import.meta.url), 'utf8'),
  ) as Record<string, { stdout: string }>;
  const golden = (name: string) => goldens[name]!.stdout.split('\n');

  it('shape_010: the x.T warning', () => {
    expect(golden('shape_010_T_on_3d_warning')).toContain(`UserWarning: ${T_WARNING}`);
  });

  it('view_022: shapes, strides and contiguity', () => {
    scoped(() => {
      const x = view(arange([24]), [2, 3, 4]);
      const cases: [string, Tensor][] = [
        ['x', x],
        ['x.transpose(0, 1)', transpose(x, 0, 1)],
        ['x.transpose(1, 2).transpose(1, 2)', transpose(transpose(x, 1, 2), 1, 2)],
        ['x[:, 1:]', slice(x, 1, 1)],
        ['x[1:]', slice(x, 0, 1)],
        ['x[..., :2]', slice(x, 2, null, 2)],
        ['x[:, :, ::2]', slice(x, 2, null, null, 2)],
        ['x.unsqueeze(1)', unsqueeze(x, 1)],
        ['x.permute(0, 2, 1).contiguous()', contiguous(permute(x, [0, 2, 1]))],
        ['x[0]', select(x, 0, 0)],
        ['x[:, 0]', select(x, 1, 0)],
        ['x.reshape(6, 4)', reshape(x, [6, 4])],
        ['x.expand(2, 2, 3, 4)', expand(x, [2, 2, 3, 4])],
        ['x.flip(0)', flip(x, [0])],
      ];
      const tuple = (a: number[]) => `(${a.join(', ')}${a.length === 1 ? ',' : ''})`;
      const lines = cases.map(
        ([name, v]) => `${name.padEnd(35)} ${tuple(v.shape).padEnd(15)} ${tuple(v.strides).padEnd(15)} ${v.isContiguous() ? 'True' : 'False'}`,
      );
      expect(golden('view_022_is_contiguous_table').slice(0, lines.length)).toEqual(lines);
    });
  });

  it('view_023: the gradient through view, t and a copying reshape', () => {
    scoped(() => {
      const x = arangeLeaf([6]);
      const z = reshape(t(view(x, [2, 3])), [6]);
      expect(z.toArray()).toEqual([0, 3, 1, 4, 2, 5]);
      runBackward([z], [tensor([0, 1, 2, 3, 4, 5])]);
      expect(x.grad!.toArray()).toEqual([0, 2, 4, 1, 3, 5]);
      expect(golden('view_023_view_noncontig_with_reshape_grad')[1]).toBe('tensor([0., 2., 4., 1., 3., 5.])');
    });
  });

  it('grad_011: cat, split and stack gradients', () => {
    scoped(() => {
      const a = arangeLeaf([2]);
      const b = arangeLeaf([1]);
      runBackward([cat([a, b])], [tensor([1, 10, 100])]);
      expect([a.grad!.toArray(), b.grad!.toArray()]).toEqual([[1, 10], [100]]);
      const x = arangeLeaf([4]);
      const [p, q] = split(x, 2);
      runBackward([p!, q!], [tensor([2, 2]), tensor([2, 2])]);
      expect(x.grad!.toArray()).toEqual([2, 2, 2, 2]);
      const u = arangeLeaf([2]);
      runBackward([select(stack([u, mul(u, 3)]), 0, 1)], [tensor([1, 1])]);
      expect(u.grad!.toArray()).toEqual([3, 3]);
      expect(golden('grad_011_cat_stack_split_grads')).toEqual(['tensor([ 1., 10.]) tensor([100.])', 'tensor([2., 2., 2., 2.])', 'tensor([3., 3.])', '']);
    });
  });

  it('shape_004: chunk and tensor_split piece sizes', () => {
    scoped(() => {
      const sizes = (ts: Tensor[]) => ts.map((p) => p.toArray());
      expect(sizes(chunk(arange([5]), 3))).toEqual([[0, 1], [2, 3], [4]]);
      expect(sizes(chunk(arange([6]), 4))).toEqual([[0, 1], [2, 3], [4, 5]]);
      expect(chunk(arange([2]), 5).length).toBe(2);
      expect(sizes(tensorSplit(arange([7]), 3))).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
      expect(golden('shape_004_chunk').slice(0, 4)).toEqual(['[[0, 1], [2, 3], [4]]', '[[0, 1], [2, 3], [4, 5]]', '[[0, 1], [2, 3], [4, 5]]', '2']);
    });
  });

  it('shape_007: legacy empty tensors in cat, and promotion', () => {
    scoped(() => {
      let acc = tensor([], [0], 'float32');
      for (let i = 0; i < 3; i++) acc = cat([acc, tensor([i, 2 * i], [2], 'float32')]);
      expect(acc.toArray()).toEqual([0, 0, 1, 2, 2, 4]);
      expect(cat([tensor([], [2, 0]), tensor([1, 1, 1, 1, 1, 1], [2, 3])], 1).shape).toEqual([2, 3]);
      const mixed = cat([tensor([1, 2], [2], 'int64'), tensor([3.5], [1], 'float32')]);
      expect([mixed.dtype, mixed.toArray()]).toEqual(['float32', [1, 2, 3.5]]);
    });
  });
});

describe('errors from the conformance transcripts', () => {
  it('match PyTorch 2.11 word for word', () => {
    scoped(() => {
      const lines = Object.values(
        JSON.parse(readFileSync(new URL('../../test/conformance/goldens-torch2.11.json', import.meta.url), 'utf8')) as Record<string, { stdout: string }>,
      ).flatMap((g) => g.stdout.split('\n'));
      const x = arange([2, 3, 4]);
      const m = arange([2, 2]);
      const ours = [
        raises(() => view(transpose(arange([3, 4]), 0, 1), [12])),
        raises(() => view(arange([12]), [-1, -1])),
        raises(() => view(tensor([1, 2]), [])),
        raises(() => permute(x, [0, 1])),
        raises(() => permute(x, [0, 1, 1])),
        raises(() => transpose(x, 0, 3)),
        raises(() => cat([m, tensor([5, 6], [1, 2], 'int64')], 1)),
        raises(() => cat([m, tensor([1, 2], [2], 'int64')])),
        raises(() => stack([])),
        raises(() => stack([tensor([1, 2, 3]), tensor([1, 2])])),
        raises(() => unsqueeze(tensor([1, 2, 3]), 3)),
        raises(() => squeeze(arange([1, 3, 1, 2]), 4)),
        raises(() => expand(tensor([1, 2, 3]), [2, 4])),
        raises(() => expand(tensor([1, 2, 3]), [1])),
      ];
      for (const line of ours) expect(lines).toContain(line);
    });
  });
});
