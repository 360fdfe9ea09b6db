// Every tensor and graph node that is still owned by someone. The ledger
// counts bytes; these sets let "why is this alive?" walk who owns what.
import type { Tensor } from '../core/tensor.ts';
import type { Node } from '../autograd/node.ts';

export const liveTensors = new Set<Tensor>();
export const liveNodes = new Set<Node>();
