// In-place semantics against real PyTorch: conformance cases dtype_008,
// broadcast_004, nograd_013, autograd_010/011, runloss_007, math_004 and
// torch 1.13 runs for the rest (messages as PyTorch 2.11 prints them).
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { ledger } from '../memory/ledger.ts';
import { runBackward } from '../autograd/backward.ts';
import { noGrad, restoreGradMode, setInferenceMode } from '../autograd/grad_mode.ts';
import { setWarningSink } from '../errors/errors.ts';
import { ones, tensor, zeros } from './creation.ts';
import { add, mul, sub } from './pointwise_binary.ts';
import { unary } from './pointwise_unary.ts';
import { view } from './layout_views.ts';
import {
  add_, clamp_, clampMin_, copy_, div_, exp_, fill_, inplaceTable, maskedFill_, mul_, neg_, onHistoryRebased, pow_, relu_, sigmoid_, sub_, zero_,
} from './inplace.ts';
import { tidy } from '../core/scope.ts';
import { wrapScalar } from './util.ts';

const f32 = (v: number[], requiresGrad = false) => tensor(v, { hasFloat: true, requiresGrad });

function balanced(fn: (keep: <T extends Tensor>(t: T) => T) => void): void {
  const before = ledger.allocated;
  const kept: Tensor[] = [];
  fn((t) => (kept.push(t), t));
  for (const t of kept) t.release();
  expect(ledger.allocated).toBe(before);
}

/**
 * Like balanced, for tests whose backward raises: the backward engine still
 * holds the raising node's incoming gradient then (engine/autograd/backward.ts
 * does not release its buffers on an error), so only our own bytes are checked.
 */
function keeping(fn: (keep: <T extends Tensor>(t: T) => T) => void): void {
  const kept: Tensor[] = [];
  fn((t) => (kept.push(t), t));
  for (const t of kept) t.release();
}

function raises(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'did not raise';
}

const backward = (y: Tensor, g: Tensor) => runBackward([y], [g]);
/** A second handle on t's storage and version counter (what .detach() gives). */
const alias = (t: Tensor) => new Tensor(t.storage, t.shape, t.strides, t.offset, t.version);
/** t.expand(shape) by hand: stride 0 on the new dimensions. */
const expanded = (t: Tensor, rows: number) => new Tensor(t.storage, [rows, ...t.shape], [0, ...t.strides], t.offset, t.version);

const LEAF = 'RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.';
const OVERLAP =
  'RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';

describe('type and shape checks', () => {
  it('casts the result into self, or refuses (dtype_008_inplace_cast_error)', () => {
    balanced((k) => {
      const a = k(tensor([1, 2]));
      expect(add_(a, 1)).toBe(a);
      expect(a.toArray()).toEqual([2, 3]);
      expect(mul_(a, 2).toArray()).toEqual([4, 6]);
      const b = k(f32([1, 2]));
      expect(add_(b, k(tensor([1, 1]))).toArray()).toEqual([2, 3]);
      expect(b.dtype).toBe('float32');
      expect(raises(() => add_(a, 0.5))).toBe("RuntimeError: result type Float can't be cast to the desired output type Long");
      expect(raises(() => div_(a, 2))).toBe("RuntimeError: result type Float can't be cast to the desired output type Long");
      expect(raises(() => exp_(a))).toBe("RuntimeError: result type Float can't be cast to the desired output type Long");
      expect(raises(() => sigmoid_(k(tensor([true]))))).toBe("RuntimeError: result type Float can't be cast to the desired output type Bool");
      expect(a.toArray()).toEqual([4, 6]);
      expect(a.version.value).toBe(2);
    });
  });

  it('wraps integers and rounds float32 like PyTorch', () => {
    balanced((k) => {
      const i = k(tensor([1, 2], { dtype: 'int32' }));
      expect(add_(i, k(tensor([2 ** 31, 1]))).toArray()).toEqual([-2147483647, 3]);
      const u = k(tensor([250], { dtype: 'uint8' }));
      expect(add_(u, 10).toArray()).toEqual([4]);
      const f = k(f32([1, 2]));
      expect(add_(f, k(tensor([1e-9, 1], { dtype: 'float64' }))).toArray()).toEqual([1, 3]);
      const bools = k(tensor([true, false]));
      expect(add_(bools, k(tensor([true, true]))).toArray()).toEqual([1, 1]);
      expect(raises(() => sub_(k(tensor([true])), true))).toMatch(/^RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported/);
      expect(div_(k(tensor([7, -7])), 2, 'floor').toArray()).toEqual([3, -4]);
      expect(raises(() => div_(k(tensor([7])), 0, 'floor'))).toBe('RuntimeError: ZeroDivisionError');
      expect(sub_(k(f32([5, 5])), 2, 2).toArray()).toEqual([1, 1]);
    });
  });

  it('needs the broadcast shape to be self\'s shape (broadcast_004_inplace_broadcast_error)', () => {
    balanced((k) => {
      const a = k(zeros([2, 3]));
      expect(add_(a, k(f32([1, 2, 3]))).toArray()).toEqual([1, 2, 3, 1, 2, 3]);
      const b = k(zeros([3]));
      expect(raises(() => add_(b, k(ones([2, 3]))))).toBe("RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]");
      expect(raises(() => add_(b, k(ones([4]))))).toBe('RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0');
      expect(b.version.value).toBe(0);
    });
  });

  it('refuses to write an expanded tensor, or one partly overlapping an input', () => {
    balanced((k) => {
      const base = k(zeros([3]));
      const ex = k(expanded(base, 2));
      expect(raises(() => add_(ex, 1))).toBe(OVERLAP);
      expect(raises(() => relu_(ex))).toBe(OVERLAP);
      expect(raises(() => clamp_(ex, 0, 1))).toBe(OVERLAP);
      expect(raises(() => copy_(ex, k(ones([2, 3]))))).toBe(OVERLAP);
      expect(fill_(ex, 1).toArray()).toEqual([1, 1, 1, 1, 1, 1]); // fill_ and zero_ allow it
      expect(zero_(ex).toArray()).toEqual([0, 0, 0, 0, 0, 0]);
      const a = k(f32([0, 1, 2, 3, 4, 5]));
      const head = k(new Tensor(a.storage, [5], [1], 0, a.version));
      const tail = k(new Tensor(a.storage, [5], [1], 1, a.version));
      expect(raises(() => add_(tail, head))).toBe(
        'RuntimeError: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.',
      );
      expect(add_(a, a).toArray()).toEqual([0, 2, 4, 6, 8, 10]); // full overlap is fine
    });
  });
});

describe('version counter and leaves', () => {
  it('bumps the shared counter once per op (autograd_010_version_counter)', () => {
    balanced((k) => {
      const a = k(zeros([3]));
      expect(a.version.value).toBe(0);
      add_(a, 1);
      fill_(a, 5);
      expect(a.version.value).toBe(2);
      const b = k(a.makeView([3], [1], 0));
      mul_(b, 2);
      expect([a.version.value, b.version.value]).toEqual([3, 3]);
      expect(k(mul(a, 1)).version.value).toBe(0);
    });
  });

  it('refuses a leaf that requires grad under grad mode, allows it under no_grad (nograd_013)', () => {
    balanced((k) => {
      const w = k(f32([1, 2], true));
      expect(raises(() => sub_(w, 0.1))).toBe(LEAF);
      expect(raises(() => fill_(w, 1))).toBe(LEAF);
      expect(raises(() => zero_(w))).toBe(LEAF);
      expect(raises(() => copy_(w, k(zeros([2]))))).toBe(LEAF);
      expect(raises(() => add_(w, k(ones([2, 3]))))).toBe(LEAF); // before the shape check
      expect(w.version.value).toBe(0);
      noGrad(() => sub_(w, 0.5));
      expect([w.toArray(), w.version.value, w.gradFn]).toEqual([[0.5, 1.5], 1, null]);
      expect(raises(() => add_(k(view(w, [2])), 1))).toBe('RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.');
    });
  });

  it('refuses inference tensors outside inference mode', () => {
    balanced((k) => {
      const prev = setInferenceMode(true);
      const t = k(zeros([2]));
      add_(t, 1);
      restoreGradMode(prev);
      expect(raises(() => add_(t, 1))).toMatch(/^RuntimeError: Inplace update to inference tensor outside InferenceMode is not allowed/);
    });
  });
});

describe('autograd: rebased history', () => {
  it('makes the in-place node the grad_fn (autograd_011_inplace_allowed_when_not_saved)', () => {
    balanced((k) => {
      const x = k(f32([1, 2, 3], true));
      const y = k(mul(x, 2));
      add_(y, 1);
      mul_(y, 3);
      expect(y.toArray()).toEqual([9, 15, 21]);
      expect(y.gradFn?.name).toBe('MulBackward0');
      expect(y.gradFn?.next[0]?.node.name).toBe('AddBackward0');
      expect(y.gradFn?.next[0]?.node.next[0]?.node.name).toBe('MulBackward0');
      expect(y.version.value).toBe(2);
      backward(y, k(ones([3])));
      expect(x.grad?.toArray()).toEqual([6, 6, 6]);
    });
  });

  it('turns a plain tensor into a non-leaf when the other operand requires grad', () => {
    balanced((k) => {
      const w = k(f32([1, 2, 3], true));
      const a = k(zeros([3]));
      add_(a, w);
      expect([a.isLeaf, a.requiresGrad, a.gradFn?.name]).toEqual([false, true, 'AddBackward0']);
      expect(a.gradFn?.next.map((e) => e?.node.name ?? null)).toEqual([null, 'AccumulateGrad']);
      const m = k(zeros([3]));
      mul_(m, w);
      expect(m.gradFn?.name).toBe('MulBackward0');
    });
  });

  it('saves a clone of the old self where the derivative reads it (pow_, clamp_, mul_)', () => {
    balanced((k) => {
      const x = k(f32([1, 2, 3], true));
      const y = k(mul(x, 1));
      pow_(y, 2);
      expect(y.gradFn?.name).toBe('PowBackward0');
      backward(y, k(ones([3])));
      expect(x.grad?.toArray()).toEqual([2, 4, 6]);
    });
    balanced((k) => {
      const x = k(tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true }));
      const y = k(mul(x, 1));
      clamp_(y, 1.5, 2.5);
      expect(y.gradFn?.name).toBe('ClampBackward1');
      backward(y, k(ones([3], { dtype: 'float64' })));
      expect(x.grad?.toArray()).toEqual([0, 1, 0]);
    });
    balanced((k) => {
      const x = k(f32([1, 2, 3], true));
      const w = k(f32([2, 2, 2], true));
      const y = k(mul(x, 1));
      mul_(y, w);
      backward(y, k(ones([3])));
      expect([x.grad?.toArray(), w.grad?.toArray()]).toEqual([[2, 2, 2], [1, 2, 3]]);
    });
  });

  it('catches later changes to a saved result or input (version check)', () => {
    keeping((k) => {
      const x = k(f32([1, 2, 3], true));
      const y = k(mul(x, 1));
      exp_(y);
      add_(y, 1);
      expect(raises(() => backward(y, k(ones([3]))))).toMatch(
        /^RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: \[torch.FloatTensor \[3\]\], which is output 0 of ExpBackward0, is at version 2; expected version 1 instead\./,
      );
    });
    keeping((k) => {
      const x = k(f32([1, 2, 3], true));
      const y = k(mul(x, 1));
      sigmoid_(y);
      mul_(y, y); // `other` is self itself: saved as is, so backward sees the change
      expect(raises(() => backward(y, k(ones([3]))))).toMatch(/which is output 0 of MulBackward0, is at version 2; expected version 1 instead\./);
    });
    keeping((k) => {
      const x = k(f32([1, 1, 1], true));
      const w = k(f32([1, 1, 1], true));
      const y = k(mul(x, 2));
      const z = k(mul(y, w));
      add_(y, 1); // z saved y for w's gradient; y is now the output of AddBackward0
      expect(raises(() => backward(z, k(ones([3]))))).toMatch(/which is output 0 of AddBackward0, is at version 1; expected version 0 instead\./);
    });
  });

  it('detects changes made through an alias (runloss_007_detach_inplace_detected)', () => {
    keeping((k) => {
      const a = k(f32([1, 2, 3], true));
      const out = k(unary('sigmoid', a));
      const c = k(alias(out));
      zero_(c);
      expect([out.toArray(), out.gradFn?.name]).toEqual([[0, 0, 0], 'SigmoidBackward0']);
      expect(raises(() => backward(out, k(ones([3]))))).toBe(
        'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of SigmoidBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).',
      );
    });
  });

  it('leaves grad_fn alone under no_grad', () => {
    balanced((k) => {
      const x = k(f32([1, 2], true));
      const y = k(mul(x, 1));
      const fn = y.gradFn;
      noGrad(() => add_(y, 1));
      expect([y.gradFn, y.version.value]).toEqual([fn, 1]);
    });
  });

  it('names the limitation for views of tensors that require grad (CopySlices)', () => {
    balanced((k) => {
      const x = k(f32([1, 2], true));
      const y = k(mul(x, 1));
      const v = k(view(y, [2]));
      expect(raises(() => add_(v, 1))).toMatch(/^NotImplementedError: add_: in-place operations on a view while autograd records/);
      expect(noGrad(() => add_(v, 1)).toArray()).toEqual([2, 3]); // fine without a graph
    });
  });

  it('records the unary in-place nodes', () => {
    balanced((k) => {
      const x = k(f32([-1, 2], true));
      const y = k(mul(x, 1));
      relu_(y);
      expect([y.toArray(), y.gradFn?.name]).toEqual([[0, 2], 'ReluBackward0']);
      backward(y, k(ones([2])));
      expect(x.grad?.toArray()).toEqual([0, 1]);
      const z = k(mul(x, 1));
      neg_(z);
      expect(z.gradFn?.name).toBe('NegBackward0');
    });
  });
});

describe('copy_, fill_, zero_, masked_fill_, clamp_', () => {
  it('copy_ broadcasts and casts; CopyBackwards routes the gradient to src', () => {
    balanced((k) => {
      const c = k(zeros([3], { dtype: 'int64' }));
      expect(copy_(c, k(f32([1.7, -2.7, 3]))).toArray()).toEqual([1, -2, 3]);
      const src = k(tensor([1, 2], { dtype: 'float64', requiresGrad: true }));
      const y = k(zeros([3, 2]));
      copy_(y, src);
      expect([y.toArray(), y.requiresGrad, y.gradFn?.name]).toEqual([[1, 2, 1, 2, 1, 2], true, 'CopyBackwards']);
      expect(y.gradFn?.next.map((e) => e?.node.name ?? null)).toEqual([null, 'AccumulateGrad']);
      backward(y, k(ones([3, 2])));
      expect([src.grad?.toArray(), src.grad?.dtype]).toEqual([[3, 3], 'float64']);
      expect(raises(() => copy_(k(zeros([3])), k(ones([2, 3]))))).toBe("RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]");
    });
  });

  it('fill_ takes numbers and 0-dim tensors', () => {
    balanced((k) => {
      expect(fill_(k(zeros([2], { dtype: 'int64' })), 1.5).toArray()).toEqual([1, 1]);
      expect(fill_(k(zeros([2], { dtype: 'bool' })), 2).toArray()).toEqual([1, 1]);
      expect(raises(() => fill_(k(zeros([2], { dtype: 'uint8' })), 300))).toBe('RuntimeError: value cannot be converted to type uint8_t without overflow');
      expect(raises(() => fill_(k(zeros([3])), k(f32([1, 2]))))).toBe('RuntimeError: fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions.');
      const x = k(f32([1, 1, 1], true));
      const v = k(tensor(2, { hasFloat: true, requiresGrad: true }));
      const y = k(mul(x, 1));
      fill_(y, v);
      expect([y.toArray(), y.gradFn?.name]).toEqual([[2, 2, 2], 'FillBackward3']);
      backward(y, k(ones([3])));
      expect([x.grad?.toArray(), v.grad?.toArray()]).toEqual([[0, 0, 0], [3]]);
      const z = k(mul(x, 1));
      fill_(z, k(wrapScalar(2)));
      expect(z.gradFn?.name).toBe('FillBackward2');
      const q = k(mul(x, 1));
      zero_(q);
      expect(q.gradFn?.name).toBe('ZeroBackward0');
    });
  });

  it('masked_fill_ writes where the mask holds', () => {
    const warnings: string[] = [];
    setWarningSink((_c, m) => warnings.push(m));
    try {
      balanced((k) => {
        const mask = k(tensor([true, false, true]));
        expect(maskedFill_(k(zeros([3])), mask, 1).toArray()).toEqual([1, 0, 1]);
        expect(maskedFill_(k(zeros([3], { dtype: 'int64' })), mask, 1.5).toArray()).toEqual([1, 0, 1]);
        expect(maskedFill_(k(zeros([3])), mask, k(tensor(2, { hasFloat: true }))).toArray()).toEqual([2, 0, 2]);
        expect(raises(() => maskedFill_(k(zeros([3])), k(f32([1, 0, 1])), 1))).toBe(
          'RuntimeError: masked_fill_ only supports boolean masks, but got mask with dtype float',
        );
        expect(raises(() => maskedFill_(k(zeros([3])), mask, k(f32([1, 2]))))).toBe(
          'RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).',
        );
        expect(raises(() => maskedFill_(k(zeros([3])), k(tensor([[true, false, true]])), 1))).toBe(
          "RuntimeError: output with shape [3] doesn't match the broadcast shape [1, 3]",
        );
        const base = k(zeros([3]));
        expect(maskedFill_(k(expanded(base, 2)), mask, 1).toArray()).toEqual([1, 0, 1, 1, 0, 1]);
        const x = k(f32([1, 1, 1], true));
        const v = k(tensor(2, { hasFloat: true, requiresGrad: true }));
        const y = k(mul(x, 1));
        maskedFill_(y, mask, 1);
        expect(y.gradFn?.name).toBe('MaskedFillBackward0');
        backward(y, k(ones([3])));
        expect(x.grad?.toArray()).toEqual([0, 1, 0]);
        const z = k(mul(x, 1));
        maskedFill_(z, mask, v);
        expect(z.gradFn?.name).toBe('MaskedFillBackward1');
        backward(z, k(ones([3])));
        expect(v.grad?.toArray()).toEqual([2]);
      });
    } finally {
      setWarningSink(() => {});
    }
    expect(warnings).toEqual([
      'Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar',
    ]);
  });

  it('clamp_ (math_004_clamp_variants)', () => {
    balanced((k) => {
      const y = k(f32([-2, -0.5, 0, 0.5, 2]));
      expect(clamp_(y, -0.25, 0.25).toArray()).toEqual([-0.25, -0.25, 0, 0.25, 0.25]);
      expect(raises(() => clamp_(y))).toBe("RuntimeError: torch.clamp: At least one of 'min' or 'max' must not be None");
      expect(raises(() => clamp_(k(tensor([1, 2])), 0.5, 1))).toBe("RuntimeError: result type Float can't be cast to the desired output type long int");
      expect(raises(() => clamp_(k(tensor([1, 2])), k(tensor(0.5))))).toBe("RuntimeError: result type Float can't be cast to the desired output type Long");
      expect(clamp_(k(tensor([1, 5, 9])), 2, 6).toArray()).toEqual([2, 5, 6]);
      expect(clampMin_(k(f32([-1, 3])), k(f32([0, 4]))).toArray()).toEqual([0, 4]);
    });
  });
});

describe('memory', () => {
  it('writes without a temporary when no graph is recorded', () => {
    balanced((k) => {
      const p = k(zeros([1000]));
      const g = k(ones([1000]));
      ledger.resetPeak();
      const peak = ledger.peak;
      add_(p, g, -0.1);
      mul_(p, 0.9);
      clamp_(p, -1, 1);
      fill_(p, 0);
      copy_(p, g);
      expect(ledger.peak).toBe(peak);
    });
  });

  it('releases everything after recorded in-place ops and backward', () => {
    balanced((k) => {
      const x = k(f32([1, 2, 3], true));
      const y = k(mul(x, 1));
      add_(y, 1);
      pow_(y, 2); // saves a clone of y
      clamp_(y, 0, 10); // and another
      exp_(y); // saves y itself
      backward(y, k(ones([3])));
      expect(x.grad?.toArray().map((v) => Math.round(v))).toEqual([Math.round(Math.exp(4) * 4), Math.round(Math.exp(9) * 6), 0]);
    });
  });

  it('lists every in-place op for the bindings', () => {
    expect([...inplaceTable.keys()]).toEqual(expect.arrayContaining(['add_', 'copy_', 'fill_', 'zero_', 'masked_fill_', 'clamp_', 'relu_', 'sigmoid_']));
  });
});

describe('scopes and listeners', () => {
  it('keeps saved tensors alive when run inside a tidy scope', () => {
    balanced((k) => {
      const x = k(f32([1, 2, 3], true));
      const y = k(mul(x, 1));
      tidy(() => {
        pow_(y, 2); // saves a clone of the old y
        clamp_(y, k(tensor(0, { hasFloat: true })), 100); // clamp.Tensor with a wrapped bound
      });
      const clampNode = y.gradFn!;
      const powNode = clampNode.next[0]!.node;
      expect([clampNode.name, powNode.name]).toEqual(['ClampBackward0', 'PowBackward0']);
      for (const node of [clampNode, powNode]) for (const s of node.saved) expect(s.unpack().storage.freed).toBe(false);
      backward(y, k(ones([3])));
      expect(x.grad?.toArray()).toEqual([2, 4, 6]);
    });
  });

  it('tells listeners when a history is rebased (retain_grad moves its hook)', () => {
    balanced((k) => {
      const seen: string[] = [];
      const stop = onHistoryRebased((t, oldFn) => seen.push(`${oldFn?.name ?? 'none'} -> ${t.gradFn?.name}`));
      const x = k(f32([1, 2], true));
      const y = k(mul(x, 2));
      add_(y, 3);
      stop();
      mul_(y, 3);
      expect(seen).toEqual(['MulBackward0 -> AddBackward0']);
    });
  });
});

describe('add and sub with alpha round as PyTorch does (one fused multiply-add)', () => {
  // Values from PyTorch (1.13 and 2.x): torch.add(x, y, alpha=0.1) in float32, alpha=0.3 in float64.
  // Rounding alpha * y first, or using alpha unrounded, each gives another last bit.
  const xs = [-0.8866979479789734, -0.741220235824585];
  const ys = [-1.564854383468628, 6.333593368530273];
  const expected = [-1.043183445930481, -0.10786089301109314];

  it('float32, out of place and in place alike', () => {
    const y = tensor(ys, { dtype: 'float32' });
    expect(add(tensor(xs, { dtype: 'float32' }), y, 0.1).toArray()).toEqual(expected);
    expect(add_(tensor(xs, { dtype: 'float32' }), y, 0.1).toArray()).toEqual(expected);
    expect(sub(tensor(xs, { dtype: 'float32' }), y, -0.1).toArray()).toEqual(expected);
    expect(sub_(tensor(xs, { dtype: 'float32' }), y, -0.1).toArray()).toEqual(expected);
  });

  it('float64', () => {
    const y = tensor([6.857591744135767], { dtype: 'float64' });
    expect(add(tensor([-2.9990969714025812], { dtype: 'float64' }), y, 0.3).toArray()).toEqual([-0.941819448161851]);
    expect(add_(tensor([-2.9990969714025812], { dtype: 'float64' }), y, 0.3).toArray()).toEqual([-0.941819448161851]);
  });
});
