// Graph node records for the views' unit tests: loops written as data.
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';

let seq = 0;

export function record(node: number, name: string, next: number[], extra: Partial<GraphNodeRecord> = {}): GraphNodeRecord {
  return { node, name, next, savedBytes: 0, module: null, saved: [], savedFreed: false, seq: seq++, run: null, ...extra };
}

export function leaf(node: number, label: string, storage = 1000 + node): GraphNodeRecord {
  return record(node, 'AccumulateGrad', [], { leaf: { tensor: node, storage, bytes: 16, shape: [4], dtype: 'float32', label } });
}

/**
 * `iterations` of y = relu(x @ w) summed into an accumulator, as a validation
 * loop with `acc += loss` records them: per iteration MmBackward0 (saves x:
 * storage 100+k), ReluBackward0 (saves its result: 200+k), SumBackward0 and
 * the AddBackward0 that chains the iterations (the first adds to the number 0).
 */
export function accumulatingLoop(iterations: number): GraphNodeRecord[] {
  const nodes = [leaf(1, 'w')];
  let id = 10;
  let acc: number | null = null;
  for (let k = 0; k < iterations; k++) {
    const mm = id++;
    const relu = id++;
    const sum = id++;
    const add = id++;
    nodes.push(record(mm, 'MmBackward0', [1], { module: 'Net.fc', saved: [{ storage: 100 + k, bytes: 4096, shape: [32, 32], dtype: 'float32' }] }));
    nodes.push(record(relu, 'ReluBackward0', [mm], { module: 'Net', saved: [{ storage: 200 + k, bytes: 1024, shape: [32, 8], dtype: 'float32', slot: 'result' }] }));
    nodes.push(record(sum, 'SumBackward0', [relu]));
    nodes.push(record(add, 'AddBackward0', acc === null ? [sum] : [acc, sum]));
    acc = add;
  }
  return nodes;
}
