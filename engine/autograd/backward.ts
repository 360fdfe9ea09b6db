// The backward engine: runs the graph from the roots in PyTorch's order
// (dependencies first, then the highest sequence number), accumulating into
// leaves' .grad or capturing gradients for autograd.grad.
//
// Ownership: every gradient in an input buffer holds one reference, taken when
// it is routed there and dropped once its node has run.
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError } from '../errors/errors.ts';
import { withGradMode } from './grad_mode.ts';
import { AccumulateGrad, gradientEdge, type Edge, type Node } from './node.ts';
import { addInto, cloneTensor, onesLike, sumTensors } from './grad_math.ts';
import { add } from '../ops/pointwise_binary.ts';

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
  /** autograd.grad: capture gradients for these tensors instead of accumulating. */
  inputs?: Tensor[];
  allowUnused?: boolean;
}

/** Runs fn in its own scope; the tensors it returns belong to the caller alone (no enclosing scope). */
function owned<T>(fn: () => T): T {
  return tidy(fn, () => []);
}

class MaxHeap {
  private items: Node[] = [];
  push(n: Node): void {
    this.items.push(n);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.items[p]!.sequenceNr >= n.sequenceNr) break;
      this.items[i] = this.items[p]!;
      i = p;
    }
    this.items[i] = n;
  }
  pop(): Node | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last) {
      let i = 0;
      const n = this.items.length;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        const cur = m === i ? last : this.items[m]!;
        let best = cur;
        if (l < n && this.items[l]!.sequenceNr > best.sequenceNr) {
          m = l;
          best = this.items[l]!;
        }
        if (r < n && this.items[r]!.sequenceNr > best.sequenceNr) {
          m = r;
          best = this.items[r]!;
        }
        if (m === i) break;
        this.items[i] = this.items[m]!;
        i = m;
      }
      this.items[i] = last;
    }
    return top;
  }
  get size(): number {
    return this.items.length;
  }
}

/** tensor.backward() / torch.autograd.backward / torch.autograd.grad. */
export function runBackward(roots: Tensor[], gradOutputs: (Tensor | null)[], options: BackwardOptions = {}): (Tensor | null)[] {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const rootEdges = roots.map((t, i) => {
    const e = gradientEdge(t);
    if (!e) throw runtimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    return e;
  });
  // Keep every root node alive while we run, even if nothing else holds it.
  for (const e of rootEdges) e.node.retain();
  try {
    return withGradMode(createGraph, () => execute(rootEdges, roots, gradOutputs, options, retainGraph, createGraph));
  } finally {
    for (const e of rootEdges) e.node.release();
  }
}

function execute(
  rootEdges: Edge[],
  roots: Tensor[],
  gradOutputs: (Tensor | null)[],
  options: BackwardOptions,
  retainGraph: boolean,
  createGraph: boolean,
): (Tensor | null)[] {
  const capture = options.inputs;
  const captureKeys = new Map<string, number>();
  const captured: (Tensor | null)[] = [];
  const captureNodes: Node[] = [];
  if (capture) {
    capture.forEach((t, i) => {
      const e = gradientEdge(t);
      if (!e) throw runtimeError('One of the differentiated Tensors does not require grad');
      // Held while we run: a leaf's AccumulateGrad made only for this call must be freed after it.
      e.node.retain();
      captureNodes.push(e.node);
      captureKeys.set(`${e.node.id}:${e.inputNr}`, i);
      captured.push(null);
    });
  }
  try {
    return executeGraph(rootEdges, roots, gradOutputs, options, retainGraph, createGraph, captureKeys, captured);
  } finally {
    for (const n of captureNodes) n.release();
  }
}

function executeGraph(
  rootEdges: Edge[],
  roots: Tensor[],
  gradOutputs: (Tensor | null)[],
  options: BackwardOptions,
  retainGraph: boolean,
  createGraph: boolean,
  captureKeys: Map<string, number>,
  captured: (Tensor | null)[],
): (Tensor | null)[] {
  const capture = options.inputs;

  // Count dependencies over the reachable graph.
  const deps = new Map<Node, number>();
  const seen = new Set<Node>();
  const stack: Node[] = [...new Set(rootEdges.map((e) => e.node))]; // several roots may share a node (split outputs)
  for (const n of stack) seen.add(n);
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const e of n.next) {
      if (!e) continue;
      deps.set(e.node, (deps.get(e.node) ?? 0) + 1);
      if (!seen.has(e.node)) {
        seen.add(e.node);
        stack.push(e.node);
      }
    }
  }

  const buffers = new Map<Node, (Tensor | null)[]>();
  const route = (edge: Edge, g: Tensor) => {
    let buf = buffers.get(edge.node);
    if (!buf) {
      buf = new Array<Tensor | null>(Math.max(edge.node.outputs.length, edge.inputNr + 1)).fill(null);
      buffers.set(edge.node, buf);
    }
    const old = buf[edge.inputNr];
    g.retain();
    if (old) {
      buf[edge.inputNr] = owned(() => (createGraph ? add(old, g) : sumTensors(old, g)));
      old.release();
      g.release();
    } else buf[edge.inputNr] = g;
  };

  rootEdges.forEach((edge, i) => {
    const given = gradOutputs[i];
    const root = roots[i]!;
    if (given) route(edge, given);
    else {
      if (root.numel !== 1) throw runtimeError('grad can be implicitly created only for scalar outputs');
      const one = owned(() => onesLike(root));
      route(edge, one);
      one.release();
    }
  });

  const ready = new MaxHeap();
  for (const n of seen) if ((deps.get(n) ?? 0) === 0) ready.push(n);

  const runNode = (node: Node, buf: (Tensor | null)[]) => {
    runPreHooks(node, buf);
    if (capture) {
      buf.forEach((g, k) => {
        const idx = captureKeys.get(`${node.id}:${k}`);
        if (idx !== undefined && g) captured[idx] = g.retain();
      });
    }
    if (node instanceof AccumulateGrad) {
      if (!capture && buf[0]) accumulate(node.variable, buf[0], createGraph);
      return;
    }
    if (!buf.some((g) => g !== null)) {
      if (!retainGraph) node.releaseSaved();
      return;
    }
    const outs = owned(() => node.apply(buf));
    if (!retainGraph) node.releaseSaved();
    node.next.forEach((edge, i) => {
      const g = outs[i];
      if (edge && g) route(edge, g);
    });
    for (const g of new Set(outs)) if (g && !buf.includes(g)) g.release();
  };

  try {
    while (ready.size > 0) {
      const node = ready.pop()!;
      const buf = buffers.get(node) ?? [];
      buffers.delete(node);
      try {
        runNode(node, buf);
      } finally {
        for (const g of buf) g?.release();
      }
      for (const e of node.next) {
        if (!e) continue;
        const left = deps.get(e.node)! - 1;
        deps.set(e.node, left);
        if (left === 0) ready.push(e.node);
      }
    }
  } finally {
    // On success nothing is left; on an error, gradients waiting for other nodes go too.
    for (const buf of buffers.values()) for (const g of buf) g?.release();
    buffers.clear();
  }
  if (capture) {
    captured.forEach((g, i) => {
      if (!g && !options.allowUnused) {
        throw runtimeError(
          'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
        );
      }
      void i;
    });
  }
  return captured;
}

function runPreHooks(node: Node, buf: (Tensor | null)[]): void {
  for (const [k, hooks] of node.preHooks) {
    for (const hook of hooks) {
      const g = buf[k];
      if (!g) continue;
      const replaced = hook(g);
      if (replaced && replaced !== g) {
        replaced.retain();
        g.release();
        buf[k] = replaced;
      }
    }
  }
}

/** AccumulateGrad: the first gradient is stored (stolen when no one else holds it), later ones are added. */
function accumulate(variable: Tensor, g: Tensor, createGraph: boolean): void {
  for (const hook of variable.hooks ?? []) {
    const r = hook(g);
    if (r && r !== g) g = r;
  }
  if (variable.released) return;
  if (!variable.grad) {
    const stealable = g.refCount === 1 && g.storage.refCount === 1 && g.offset === 0 && g.isContiguous() && g.storage.size === g.numel && g.gradFn === null;
    const grad = stealable && !createGraph ? g.retain() : owned(() => cloneTensor(g));
    grad.storage.setRole('gradient');
    variable.grad = grad;
    return;
  }
  if (createGraph) {
    const sum = owned(() => add(variable.grad!, g));
    variable.grad.release();
    sum.storage.setRole('gradient');
    variable.grad = sum;
  } else addInto(variable.grad, g);
}
