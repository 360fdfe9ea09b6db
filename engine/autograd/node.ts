// Autograd graph nodes, as in PyTorch's torch/csrc/autograd/function.h:
// a Node has edges to the nodes that produced its inputs (next_functions),
// the tensors its derivative needs (saved), and a sequence number that orders
// execution in backward. The graph is plain data so the views can draw it.
import { Tensor } from '../core/tensor.ts';
import { runtimeError } from '../errors/errors.ts';
import { emit, hasListeners } from '../trace/events.ts';
import { announceNode } from '../trace/node_events.ts';
import { SavedTensor } from './saved.ts';
import { liveNodes } from '../memory/live.ts';

let nextNodeId = 1;
let nextSequenceNr = 0;

export interface Edge {
  readonly node: Node;
  readonly inputNr: number;
}

/** Shape and dtype of each forward output, to make zero grads for missing ones. */
export interface OutputMeta {
  readonly shape: readonly number[];
  readonly dtype: Tensor['dtype'];
}

export abstract class Node {
  readonly id = nextNodeId++;
  readonly sequenceNr = nextSequenceNr++;
  abstract readonly name: string;
  readonly next: (Edge | null)[];
  readonly saved: SavedTensor[] = [];
  outputs: OutputMeta[] = [];
  /** Hooks keyed by output number, run on the incoming gradient (tensor.register_hook, retain_grad). */
  readonly preHooks = new Map<number, ((g: Tensor) => Tensor | null)[]>();
  savedFreed = false;
  private refs = 0;
  destroyed = false;
  /** Links of liveNodes (engine/memory/live.ts). */
  livePrev: Node | null = null;
  liveNext: Node | null = null;

  constructor(next: (Edge | null)[]) {
    this.next = next;
    for (const e of next) e?.node.retain();
    liveNodes.add(this);
  }

  /** Computes the gradients for `next` from the gradients of this node's outputs. */
  abstract apply(grads: (Tensor | null)[]): (Tensor | null)[];

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs > 0) return;
    this.destroy();
  }

  protected destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    liveNodes.delete(this);
    this.releaseSaved(false);
    if (hasListeners()) emit({ type: 'node-destroyed', node: this.id });
    for (const e of this.next) e?.node.release();
  }

  get refCount(): number {
    return this.refs;
  }

  save(t: Tensor, isOutput: boolean, outputNr?: number): SavedTensor {
    const s = new SavedTensor(t, isOutput, this, outputNr);
    this.saved.push(s);
    return s;
  }

  savedBytes(): number {
    let total = 0;
    for (const s of this.saved) total += s.bytes;
    return total;
  }

  /** Frees saved tensors after backward (unless retain_graph), like release_variables(). */
  releaseSaved(markFreed = true): void {
    if (this.savedFreed) return;
    const bytes = this.savedBytes();
    for (const s of this.saved) s.release();
    if (markFreed) {
      this.savedFreed = true;
      if (hasListeners()) emit({ type: 'node-saved-freed', node: this.id, bytes });
    }
  }

  /** Raises PyTorch's error when saved tensors are gone. */
  checkSavedAvailable(): void {
    if (this.savedFreed && this.saved.length > 0) {
      throw runtimeError(
        'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
      );
    }
  }

  /** Tells the views (and the Module attribution) that this node is recorded: saved tensors and outputs are wired. */
  announce(): void {
    announceNode(this);
  }
}

/** The sink for a leaf's gradient: owns the leaf and accumulates into `.grad`. */
export class AccumulateGrad extends Node {
  readonly name = 'AccumulateGrad';
  readonly variable: Tensor;

  constructor(variable: Tensor) {
    super([]);
    this.variable = variable.retain();
    this.outputs = [{ shape: variable.shape, dtype: variable.dtype }];
  }

  apply(): (Tensor | null)[] {
    throw new Error('AccumulateGrad is run by the backward engine');
  }

  protected override destroy(): void {
    if (this.destroyed) return;
    if (this.variable.gradAccumulator === this) this.variable.gradAccumulator = null;
    super.destroy();
    this.variable.release();
  }
}

/** The node for a leaf that requires grad, created once and shared while alive. */
export function gradAccumulatorOf(t: Tensor): AccumulateGrad {
  const existing = t.gradAccumulator;
  if (existing instanceof AccumulateGrad && !existing.destroyed) return existing;
  const node = new AccumulateGrad(t);
  t.gradAccumulator = node;
  return node;
}

/** The edge a gradient for `t` flows along: its grad_fn, or its AccumulateGrad. */
export function gradientEdge(t: Tensor): Edge | null {
  if (t.gradFn) return { node: t.gradFn, inputNr: t.outputNr };
  if (t.leafRequiresGrad) return { node: gradAccumulatorOf(t), inputNr: 0 };
  return null;
}
