// The layout ops against real PyTorch: every case of layout_fixtures.json was
// recorded by layout_fixtures.py (shape, strides, storage offset, contiguity,
// storage sharing, values, grad_fn, gradients, or the error raised).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { TorchError } from '../errors/errors.ts';
import { ledger } from '../memory/ledger.ts';
import { clone, contiguous, to } from './layout_copy.ts';
import { movedim, mT, permute, squeeze, swapaxes, t, T, transpose, unsqueeze } from './layout_dims.ts';
import { cat, stack, unbind } from './layout_join.ts';
import { flip, repeat, roll } from './layout_reorder.ts';
import { narrow, select, selectBackwardOp, slice, sliceBackwardOp } from './layout_slicing.ts';
import { chunk, split, tensorSplit } from './layout_split.ts';
import { expectClose, gradsOf, makeInput, type InputSpec } from './layout_test_helpers.ts';
import { expand, expandAs, flatten, reshape, sumToSize, unflatten, view } from './layout_views.ts';
import { asStrided } from './layout_strided.ts';

interface OutputFx {
  shape: number[];
  strides: number[];
  offset: number;
  contiguous: boolean;
  dtype: string;
  aliasOf: number | null;
  values: (number | 'nan')[];
  gradFn: string | null;
}
interface CaseFx {
  inputs: InputSpec[];
  outputs?: OutputFx[];
  grads?: (number[] | null)[];
  error?: { type: string; message: string };
}
const fixtures = JSON.parse(readFileSync(new URL('./layout_fixtures.json', import.meta.url), 'utf8')) as {
  torchVersion: string;
  cases: Record<string, CaseFx>;
};

/** PyTorch 2.x names where 1.13 (which recorded the fixtures) differs. */
const GRAD_FN_2X: Record<string, string> = {
  // 2.x records reshape's view path as a view (reshape -> view when grad mode is on).
  ReshapeAliasBackward0: 'ViewBackward0',
};

type Case = (x: Tensor[]) => Tensor | Tensor[];
const CASES: Record<string, Case> = {
  view: ([x]) => view(x!, [2, -1, 3]),
  view_0d: ([x]) => view(x!, [1, 1]),
  view_noncontig_ok: ([x]) => view(x!, [4, 3, 1]),
  view_size1: ([x]) => view(x!, [4]),
  view_empty: ([x]) => view(x!, [-1, 3]),
  view_err_stride: ([x]) => view(x!, [12]),
  view_err_size: ([x]) => view(x!, [2, 5]),
  view_err_two: ([x]) => view(x!, [-1, -1]),
  view_err_neg: ([x]) => view(x!, [-2, 6]),
  view_err_0d: ([x]) => view(x!, []),
  reshape_view: ([x]) => reshape(x!, [4, 3]),
  reshape_copy: ([x]) => reshape(x!, [12]),
  reshape_copy_3d: ([x]) => reshape(x!, [2, 12]),
  flatten: ([x]) => flatten(x!, 1),
  flatten_copy: ([x]) => flatten(x!),
  flatten_0d: ([x]) => flatten(x!),
  flatten_err: ([x]) => flatten(x!, 1, 0),
  unflatten: ([x]) => unflatten(x!, 0, [-1, 1]),
  unflatten_err: ([x]) => unflatten(x!, 1, [3, 2]),
  unflatten_err_two: ([x]) => unflatten(x!, 1, [-1, -1]),
  expand: ([x]) => expand(x!, [2, 3, 4]),
  expand_keep: ([x]) => expand(x!, [2, 4, -1]),
  expand_lead1: ([x]) => expand(x!, [1, 3]),
  expand_0d: ([x]) => expand(x!, [2, 3]),
  expand_as: ([x, y]) => expandAs(x!, y!),
  expand_err_match: ([x]) => expand(x!, [2, 4]),
  expand_err_lead: ([x]) => expand(x!, [-1, 3, 4]),
  expand_err_few: ([x]) => expand(x!, [4]),
  sum_to_size: ([x]) => sumToSize(x!, [1, 3, 1]),
  sum_to_size_lead: ([x]) => sumToSize(x!, [3, 1]),
  as_strided: ([x]) => asStrided(x!, [2, 2], [3, 1], 1),
  as_strided_overlap: ([x]) => asStrided(x!, [3, 3], [1, 1]),
  as_strided_noncontig: ([x]) => asStrided(slice(x!, 0, 1), [2, 3], [1, 3]),
  as_strided_of_expand: ([x]) => asStrided(expand(x!, [3, 4]), [2, 2], [1, 1]),
  as_strided_err_oob: ([x]) => asStrided(x!, [5], [3]),
  as_strided_err_neg: ([x]) => asStrided(x!, [2], [-1]),
  transpose: ([x]) => transpose(x!, 0, -1),
  transpose_noncontig: ([x]) => transpose(x!, 1, 0),
  transpose_err: ([x]) => transpose(x!, 0, 3),
  t: ([x]) => t(x!),
  t_1d: ([x]) => t(x!),
  t_err: ([x]) => t(x!),
  permute: ([x]) => permute(x!, [2, 0, 1]),
  permute_noncontig: ([x]) => permute(x!, [-1, 0, 1]),
  permute_err_len: ([x]) => permute(x!, [0, 1]),
  permute_err_dup: ([x]) => permute(x!, [0, 1, 1]),
  T_2d: ([x]) => T(x!),
  T_3d: ([x]) => T(x!),
  mT: ([x]) => mT(x!),
  mT_err: ([x]) => mT(x!),
  movedim: ([x]) => movedim(x!, 0, -1),
  movedim_list: ([x]) => movedim(x!, [0, 1], [2, 0]),
  swapaxes: ([x]) => swapaxes(x!, 0, 1),
  squeeze: ([x]) => squeeze(x!),
  squeeze_dim: ([x]) => squeeze(x!, 1),
  squeeze_dim_not1: ([x]) => squeeze(x!, -1),
  squeeze_noncontig: ([x]) => squeeze(x!),
  squeeze_sliced: ([x]) => squeeze(slice(x!, 1, 1)),
  squeeze_err: ([x]) => squeeze(x!, 4),
  unsqueeze: ([x]) => unsqueeze(x!, 2),
  unsqueeze_front: ([x]) => unsqueeze(x!, 0),
  unsqueeze_noncontig: ([x]) => unsqueeze(x!, 1),
  unsqueeze_noncontig_end: ([x]) => unsqueeze(x!, -1),
  unsqueeze_0d: ([x]) => unsqueeze(x!, 0),
  unsqueeze_err: ([x]) => unsqueeze(x!, 3),
  select: ([x]) => select(x!, 1, 2),
  select_neg: ([x]) => select(x!, 0, -1),
  select_err: ([x]) => select(x!, 0, 5),
  select_err_2d: ([x]) => select(x!, 1, -5),
  select_err_0d: ([x]) => select(x!, 0, 0),
  slice: ([x]) => slice(x!, 1, 1),
  slice_step: ([x]) => slice(x!, 2, null, null, 2),
  slice_clamp: ([x]) => slice(x!, 1, -10, 2),
  slice_empty: ([x]) => slice(x!, 1, 5, 1),
  slice_step_over: ([x]) => slice(x!, 1, 1, 100, 2),
  slice_noncontig: ([x]) => slice(x!, 0, 1, 3),
  slice_err_step: ([x]) => slice(x!, 0, null, null, -1),
  narrow: ([x]) => narrow(x!, 1, 1, 2),
  narrow_rows: ([x]) => narrow(x!, 0, 1, 2),
  narrow_negstart: ([x]) => narrow(x!, 0, -1, 1),
  narrow_err_len: ([x]) => narrow(x!, 0, 1, 3),
  narrow_err_0d: ([x]) => narrow(x!, 0, 0, 1),
  select_backward: ([g]) => selectBackwardOp([g!], { inputSizes: [3, 4], dim: 0, index: 1 }),
  slice_backward: ([g]) => sliceBackwardOp([g!], { inputSizes: [3, 5], dim: 1, start: 0, end: 5, step: 3 }),
  clone: ([x]) => clone(x!),
  clone_sliced: ([x]) => clone(slice(x!, 0, null, null, 2)),
  clone_expanded: ([x]) => clone(expand(x!, [3, 4])),
  clone_3d: ([x]) => clone(slice(permute(x!, [2, 0, 1]), 2, null, 2)),
  clone_column: ([x]) => clone(slice(x!, 1, null, 1)),
  contiguous: ([x]) => contiguous(x!),
  to_float32: ([x]) => to(x!, 'float32'),
  to_int64: ([x]) => to(x!, 'int64'),
  int_to_float: ([x]) => to(x!, 'float64'),
  cat: (xs) => cat(xs),
  cat_dim1: (xs) => cat(xs, -1),
  cat_legacy_empty: (xs) => cat(xs, 1),
  cat_promote: (xs) => cat(xs),
  cat_promote_f32: (xs) => cat(xs),
  cat_err_size: (xs) => cat(xs, 1),
  cat_err_ndim: (xs) => cat(xs),
  cat_err_0d: (xs) => cat(xs),
  cat_err_dim: (xs) => cat(xs, 2),
  stack: (xs) => stack(xs),
  stack_dim1: (xs) => stack(xs, 1),
  stack_last: (xs) => stack(xs, -1),
  stack_0d: (xs) => stack(xs),
  stack_err_size: (xs) => stack(xs),
  stack_err_dim: (xs) => stack(xs, 2),
  unbind: ([x]) => unbind(x!),
  unbind_last: ([x]) => unbind(x!, -1),
  unbind_err: ([x]) => unbind(x!),
  split: ([x]) => split(x!, 2),
  split_dim: ([x]) => split(x!, 3, -1),
  split_sizes: ([x]) => split(x!, [1, 0, 3, 2], 1),
  split_empty: ([x]) => split(x!, 0),
  split_err_zero: ([x]) => split(x!, 0),
  split_err_neg: ([x]) => split(x!, -1),
  split_err_sum: ([x]) => split(x!, [1, 1]),
  split_err_negsize: ([x]) => split(x!, [4, -1]),
  split_err_0d: ([x]) => split(x!, 1),
  chunk: ([x]) => chunk(x!, 3),
  chunk_even: ([x]) => chunk(x!, 3, 1),
  chunk_fewer: ([x]) => chunk(x!, 4),
  chunk_err: ([x]) => chunk(x!, 0),
  chunk_err_0d: ([x]) => chunk(x!, 1),
  tensor_split: ([x]) => tensorSplit(x!, 3),
  tensor_split_idx: ([x]) => tensorSplit(x!, [1, 5], 1),
  flip: ([x]) => flip(x!, [0]),
  flip_noncontig: ([x]) => flip(x!, [-1, 0]),
  flip_err_dup: ([x]) => flip(x!, [0, 0]),
  roll: ([x]) => roll(x!, [1, -2], [0, 1]),
  roll_flat: ([x]) => roll(x!, 5),
  roll_same_dim: ([x]) => roll(x!, [1, 2], [0, 0]),
  roll_err: ([x]) => roll(x!, [1, 2], [0]),
  repeat: ([x]) => repeat(x!, [2, 1, 3]),
  repeat_noncontig: ([x]) => repeat(x!, [2, 2]),
  repeat_zero: ([x]) => repeat(x!, [0, 2]),
  repeat_err: ([x]) => repeat(x!, [2]),
  repeat_err_neg: ([x]) => repeat(x!, [3, -2]),
};

const decode = (vs: (number | 'nan')[]) => vs.map((v) => (v === 'nan' ? NaN : v));

function checkOutput(o: Tensor, fx: OutputFx, inputs: Tensor[], j: number): void {
  const at = `output ${j}`;
  expect(o.shape, `${at} shape`).toEqual(fx.shape);
  expect(o.dtype, `${at} dtype`).toBe(fx.dtype);
  expect(o.isContiguous(), `${at} is_contiguous`).toBe(fx.contiguous);
  expect(o.gradFn?.name ?? null, `${at} grad_fn`).toBe(fx.gradFn === null ? null : (GRAD_FN_2X[fx.gradFn] ?? fx.gradFn));
  expectClose(o.toArray(), decode(fx.values), `${at} values`, 0, 0);
  if (o.numel === 0) return;
  expect(o.strides, `${at} strides`).toEqual(fx.strides);
  const alias = inputs.findIndex((x) => x.storage === o.storage);
  expect(alias < 0 ? null : alias, `${at} shares the storage of input`).toBe(fx.aliasOf);
  if (fx.aliasOf !== null) expect(o.offset, `${at} storage_offset`).toBe(fx.offset);
}

describe(`layout ops vs PyTorch ${fixtures.torchVersion}`, () => {
  it('maps every recorded case', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(fixtures.cases).sort());
  });

  for (const [name, fx] of Object.entries(fixtures.cases)) {
    it(name, () => {
      const before = ledger.allocated;
      const f = CASES[name]!;
      tidy(
        () => {
          const xs = fx.inputs.map((s, k) => makeInput(s, k));
          if (fx.error) {
            let caught: unknown = null;
            try {
              f(xs);
            } catch (err) {
              caught = err;
            }
            expect(caught, 'raises').toBeInstanceOf(TorchError);
            const err = caught as TorchError;
            expect(`${err.pyType}: ${err.message.split('\n')[0]}`).toBe(`${fx.error.type}: ${fx.error.message}`);
            return [];
          }
          const result = f(xs);
          const outs = Array.isArray(result) ? result : [result];
          expect(outs.length, 'number of outputs').toBe(fx.outputs!.length);
          outs.forEach((o, j) => checkOutput(o, fx.outputs![j]!, xs, j));
          const grads = gradsOf(f, xs);
          fx.grads!.forEach((g, i) => expectClose(grads[i] ?? null, g, `grad of input ${i}`));
          return [];
        },
        () => [],
      );
      expect(ledger.allocated, 'every byte released').toBe(before);
    });
  }
});
