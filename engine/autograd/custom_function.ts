// A node whose derivative is written by the user: torch.autograd.Function.
//
// The forward has already run (under no_grad) when the node is recorded; the
// node takes the tensors `ctx.save_for_backward` named, becomes the grad_fn of
// the outputs, and calls the user's backward with the incoming gradients. As in
// PyTorch (torch/csrc/autograd/python_function.cpp) it is named after the
// Function class with "Backward" appended, checks how many gradients backward
// returned, and fills missing incoming gradients with zeros unless
// `ctx.set_materialize_grads(False)`.
import { isFloating } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError } from '../errors/errors.ts';
import { isGradEnabled } from './grad_mode.ts';
import { gradientEdge, Node, type Edge } from './node.ts';

export interface CustomFunctionRecord {
  /** "MyFuncBackward". */
  name: string;
  /** One entry per forward argument; null where the argument is not a tensor. */
  inputs: readonly (Tensor | null)[];
  /** The forward's tensor outputs (made under no_grad). */
  outputs: readonly Tensor[];
  /** Output positions marked with ctx.mark_non_differentiable. */
  nonDifferentiable: ReadonlySet<number>;
  /** Inputs the forward modified in place (ctx.mark_dirty): their history moves to this node. */
  dirty: ReadonlySet<Tensor>;
  /** ctx.save_for_backward's arguments, None kept in place. */
  save: readonly (Tensor | null)[];
  materializeGrads: boolean;
  /** The user's backward: gradients in (borrowed), one gradient per forward argument out (owned by the engine). */
  backward(grads: (Tensor | null)[]): (Tensor | null)[];
  /** Called once when the node dies (the host drops its callback). */
  dispose(): void;
}

export class CustomFunctionNode extends Node {
  readonly name: string;
  private readonly record: CustomFunctionRecord;
  /** For each save_for_backward argument, its slot in `saved`, or -1 for None. */
  private readonly savedSlots: number[] = [];

  constructor(record: CustomFunctionRecord, next: (Edge | null)[]) {
    super(next);
    this.name = record.name;
    this.record = record;
  }

  saveAll(save: readonly (Tensor | null)[], outputs: readonly Tensor[]): void {
    for (const t of save) {
      if (t === null) {
        this.savedSlots.push(-1);
        continue;
      }
      const k = outputs.indexOf(t);
      this.savedSlots.push(this.saved.length);
      this.save(t, k >= 0, k >= 0 ? k : undefined);
    }
  }

  /** ctx.saved_tensors: new references the caller owns (None where None was saved). */
  unpackSaved(): (Tensor | null)[] {
    this.checkSavedAvailable();
    const withGraph = isGradEnabled();
    return this.savedSlots.map((slot) => {
      if (slot < 0) return null;
      const saved = this.saved[slot]!;
      const t = saved.unpack(withGraph);
      return t === saved.held ? t.retain() : t; // a saved output regains its grad_fn as a new tensor
    });
  }

  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const filled = this.record.materializeGrads
      ? grads.map((g, i) => g ?? Tensor.empty(this.outputs[i]!.shape, this.outputs[i]!.dtype))
      : grads;
    const result = this.record.backward(filled);
    const expected = this.next.length;
    const extra = result.slice(expected);
    if (result.length < expected || extra.some((g) => g !== null)) {
      for (const g of result) g?.release();
      throw runtimeError(`function ${this.name} returned an incorrect number of gradients (expected ${expected}, got ${result.length})`);
    }
    return this.next.map((e, i) => {
      const g = result[i] ?? null;
      if (g && this.record.inputs[i] === null) {
        for (const r of result) r?.release();
        throw runtimeError(
          `function ${this.name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`,
        );
      }
      if (!e && g) {
        g.release();
        return null;
      }
      return g;
    });
  }

  protected override destroy(): void {
    if (this.destroyed) return;
    super.destroy();
    this.record.dispose();
  }
}

/**
 * Records a Function call when grad mode is on and an input requires grad;
 * returns the node, or null when nothing was recorded (then `dispose` has run).
 */
export function recordCustomFunction(record: CustomFunctionRecord): CustomFunctionNode | null {
  const needed = isGradEnabled() && record.inputs.some((t) => t?.requiresGrad === true);
  if (!needed) {
    record.dispose();
    return null;
  }
  for (const t of record.dirty) {
    if (t.leafRequiresGrad) throw runtimeError('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const next = record.inputs.map((t) => (t && t.requiresGrad ? gradientEdge(t) : null));
  const node = new CustomFunctionNode(record, next);
  node.outputs = record.outputs.map((o) => ({ shape: o.shape, dtype: o.dtype }));
  node.retain(); // held while wiring, so a node no output keeps is destroyed below
  try {
    node.saveAll(record.save, record.outputs);
    record.outputs.forEach((o, i) => {
      if (record.nonDifferentiable.has(i) || !isFloating(o.dtype)) return;
      const previous = o.gradFn;
      o.gradFn = node;
      o.outputNr = i;
      node.retain();
      previous?.release(); // a dirty input's old history is now this node's input edge
    });
    node.announce();
  } finally {
    node.release();
  }
  return node;
}
