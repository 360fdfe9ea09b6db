// Derivatives of the layout ops: central differences against each backward,
// and (the ops being linear) an exact check of every double backward, over
// the op rows' own samples and over the composites built on them.
import { describe, it } from 'vitest';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runOp, type OpSpec } from './define.ts';
import { clone, cloneOp, contiguousOp, to, toCopyOp } from './layout_copy.ts';
import {
  movedimOp, mT, permuteOp, squeezeDimOp, squeezeDimsOp, squeezeOp, swapaxesOp, swapdimsOp, T, tOp, transposeOp, unsqueezeOp,
} from './layout_dims.ts';
import { catOp, stackOp, unbindOp } from './layout_join.ts';
import { flipOp, repeat, repeatOp, rollOp } from './layout_reorder.ts';
import { narrow, narrowOp, selectBackwardOp, selectOp, sliceBackwardOp, sliceOp } from './layout_slicing.ts';
import { chunk, chunkOp, splitOp, splitWithSizesOp, tensorSplitOp } from './layout_split.ts';
import { asStrided, asStridedOp } from './layout_strided.ts';
import { doubleBackward, expectClose, gradsOf, makeInput, numericGrads } from './layout_test_helpers.ts';
import {
  expandAsOp, expandOp, flatten, flattenOp, reshape, reshapeAsOp, reshapeOp, sumToSize, sumToSizeOp, unflattenOp, unsafeViewOp,
  viewAsOp, viewOp,
} from './layout_views.ts';

type AnySpec = OpSpec<unknown, unknown>;
const ROWS = [
  viewOp, unsafeViewOp, reshapeOp, viewAsOp, reshapeAsOp, flattenOp, unflattenOp, expandOp, expandAsOp, sumToSizeOp,
  asStridedOp, transposeOp, swapaxesOp, swapdimsOp, tOp, permuteOp, movedimOp, squeezeOp, squeezeDimOp, squeezeDimsOp,
  unsqueezeOp, selectOp, selectBackwardOp, sliceOp, sliceBackwardOp, narrowOp, cloneOp, contiguousOp, toCopyOp, catOp,
  stackOp, unbindOp, splitOp, splitWithSizesOp, chunkOp, tensorSplitOp, flipOp, rollOp, repeatOp,
].map((op) => op.spec as AnySpec);

// The engine sums the gradients several pieces send to one input with a plain kernel
// (backward.ts route()), which create_graph does not record: no double backward there yet.
const NO_DOUBLE_BACKWARD = new Set(['tensor_split']);

/** Leaves with the sample's values and layout; the op's differentiable inputs require grad. */
function leavesOf(spec: AnySpec, inputs: Tensor[]): Tensor[] {
  return inputs.map((t, i) => {
    const leaf = new Tensor(t.storage, t.shape, t.strides, t.offset);
    leaf.leafRequiresGrad = (spec.differentiable ?? inputs.map((_, k) => k)).includes(i);
    return leaf;
  });
}

function checkDerivatives(f: (xs: Tensor[]) => Tensor | Tensor[], xs: Tensor[], label: string, double = true): void {
  const analytic = gradsOf(f, xs);
  const numeric = numericGrads(f, xs);
  xs.forEach((_, i) => expectClose(analytic[i] ?? null, numeric[i] ?? null, `${label}: grad of input ${i}`, 1e-6, 1e-5));
  if (!double) return;
  xs.forEach((x, i) => {
    if (x.numel === 0 || !x.requiresGrad) return; // an empty input's gradient is an empty constant
    const { got, want } = doubleBackward(f, xs, i);
    got.forEach((g, k) => expectClose(g, want[k]!, `${label}: double backward, input ${i}, output ${k}`));
  });
}

describe('derivatives of the layout op rows (their samples)', () => {
  for (const spec of ROWS) {
    it(spec.name, () => {
      tidy(
        () => {
          for (const [k, sample] of spec.samples!().entries()) {
            const xs = leavesOf(spec, sample.inputs);
            const label = `${spec.name} [${k} ${sample.label ?? ''}]`;
            checkDerivatives((ys) => runOp(spec, ys, sample.attrs), xs, label, !NO_DOUBLE_BACKWARD.has(spec.name));
          }
          return [];
        },
        () => [],
      );
    });
  }
});

const t2 = (shape: number[], k = 0) => makeInput({ shape, t: true }, k);
const c = (shape: number[], k = 0) => makeInput({ shape }, k);

const COMPOSITES: [string, () => Tensor[], (xs: Tensor[]) => Tensor | Tensor[], boolean?][] = [
  ['reshape (view)', () => [c([3, 4])], ([x]) => reshape(x!, [2, 6])],
  ['flatten (view)', () => [c([2, 3, 4])], ([x]) => flatten(x!, 0, 1)],
  ['as_strided of a view', () => [c([4, 5])], ([x]) => asStrided(narrow(x!, 0, 1, 2), [3, 2], [2, 3], 6)],
  ['chunk of an empty dim', () => [c([0, 2])], ([x]) => chunk(x!, 3)],
  ['T', () => [t2([3, 4])], ([x]) => T(x!)],
  ['mT', () => [t2([2, 3, 4])], ([x]) => mT(x!)],
  ['clone(contiguous)', () => [t2([3, 4])], ([x]) => clone(x!, 'contiguous')],
  ['to(float64, copy)', () => [t2([3, 4])], ([x]) => to(x!, 'float64', true)],
  ['sum_to_size to 0-dim', () => [c([2, 3])], ([x]) => sumToSize(x!, [])],
  ['repeat with leading dims', () => [t2([3, 2])], ([x]) => repeat(x!, [2, 1, 3])],
];

describe('derivatives of the composites', () => {
  for (const [name, make, f, double] of COMPOSITES) {
    it(name, () => {
      tidy(
        () => {
          checkDerivatives(f, make(), name, double ?? true);
          return [];
        },
        () => [],
      );
    });
  }
});
