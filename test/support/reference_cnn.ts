// The reference CNN (the classic MNIST network of the lesson material), written
// against the engine's TypeScript API: the same layers, parameter shapes and
// forward pass as the Python model in ../shared/memory-reference/scenarios.py.
import { Tensor } from '../../engine/core/tensor.ts';
import { manualSeed } from '../../engine/core/random.ts';
import { rand, randn, randint } from '../../engine/ops/creation_random.ts';
import { mul, sub } from '../../engine/ops/pointwise_binary.ts';
import { relu } from '../../engine/ops/pointwise_unary.ts';
import { conv2d } from '../../engine/ops/conv.ts';
import { maxPool2d } from '../../engine/ops/pool.ts';
import { linear } from '../../engine/ops/linalg.ts';
import { view } from '../../engine/ops/layout_views.ts';
import { logSoftmax } from '../../engine/ops/softmax.ts';
import { dropout, dropout2d } from '../../engine/ops/nn_dropout.ts';
import { tidy } from '../../engine/core/scope.ts';

export interface ReferenceCnn {
  readonly params: Record<'conv1.weight' | 'conv1.bias' | 'conv2.weight' | 'conv2.bias' | 'fc1.weight' | 'fc1.bias' | 'fc2.weight' | 'fc2.bias', Tensor>;
  training: boolean;
  forward(x: Tensor): Tensor;
  release(): void;
}

/** A parameter as nn.Linear/nn.Conv2d initialise it: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
function parameter(name: string, shape: number[], fanIn: number): Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  const p = tidy(() => sub(mul(rand(shape), 2 * bound), bound));
  p.leafRequiresGrad = true;
  p.storage.setRole('parameter');
  p.label = name;
  return p;
}

export function referenceCnn(seed = 0): ReferenceCnn {
  manualSeed(seed);
  const params = {
    'conv1.weight': parameter('conv1.weight', [10, 1, 5, 5], 25),
    'conv1.bias': parameter('conv1.bias', [10], 25),
    'conv2.weight': parameter('conv2.weight', [20, 10, 5, 5], 250),
    'conv2.bias': parameter('conv2.bias', [20], 250),
    'fc1.weight': parameter('fc1.weight', [50, 320], 320),
    'fc1.bias': parameter('fc1.bias', [50], 320),
    'fc2.weight': parameter('fc2.weight', [10, 50], 50),
    'fc2.bias': parameter('fc2.bias', [10], 50),
  };
  const model: ReferenceCnn = {
    params,
    training: true,
    forward(x: Tensor): Tensor {
      const p = params;
      return tidy(() => {
        let h = relu(maxPool2d(conv2d(x, p['conv1.weight'], p['conv1.bias']), 2));
        h = relu(maxPool2d(dropout2d(conv2d(h, p['conv2.weight'], p['conv2.bias']), 0.5, model.training), 2));
        h = view(h, [-1, 320]);
        h = relu(linear(h, p['fc1.weight'], p['fc1.bias']));
        h = dropout(h, 0.5, model.training);
        h = linear(h, p['fc2.weight'], p['fc2.bias']);
        return logSoftmax(h, 1);
      });
    },
    release() {
      for (const t of Object.values(params)) t.release();
    },
  };
  return model;
}

/** n batches of (64x1x28x28 images, 64 labels), made before any baseline is taken. */
export function batches(n: number, batchSize = 64): [Tensor, Tensor][] {
  return Array.from({ length: n }, () => [randn([batchSize, 1, 28, 28]), randint(0, 10, [batchSize])] as [Tensor, Tensor]);
}
