// 'node-created' events. AccumulateGrad nodes are made lazily by the engine
// (the first time a leaf's gradient edge is needed) and never announce
// themselves, so each is announced just before the first node that points at
// it: a view never sees an edge to a node it does not know.
import type { Node } from '../autograd/node.ts';
import { emit, hasListeners } from './events.ts';
import { recordNode, isAccumulateGrad, nodeInfo } from './node_info.ts';

const announced = new WeakSet<Node>();

function emitCreated(node: Node): void {
  announced.add(node);
  const { savedFreed: _, ...info } = nodeInfo(node);
  emit({ type: 'node-created', ...info });
}

/** A node was recorded (its saved tensors and outputs are wired): attribute it and tell the views. */
export function announceNode(node: Node): void {
  recordNode(node);
  if (!hasListeners()) {
    for (const e of node.next) if (e && isAccumulateGrad(e.node)) recordNode(e.node);
    return;
  }
  for (const e of node.next) {
    if (!e || announced.has(e.node) || !isAccumulateGrad(e.node)) continue;
    recordNode(e.node); // a leaf belongs with the Module that uses it first ("Net.fc1" for fc1.weight)
    emitCreated(e.node);
  }
  emitCreated(node);
}
