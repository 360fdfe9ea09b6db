// One training step of the reference CNN (forward + backward + SGD with
// momentum) on a fixed batch, as the benchmarks time it.
import type { Tensor } from '../engine/core/tensor.ts';
import { tidy } from '../engine/core/scope.ts';
import { runBackward } from '../engine/autograd/backward.ts';
import { nllLoss } from '../engine/ops/nn_loss.ts';
import { batches, referenceCnn } from '../test/support/reference_cnn.ts';
import { sgdStep } from '../test/support/sgd.ts';

export function glassgradCnnStep(batch: number): () => void {
  const model = referenceCnn(0);
  model.training = true;
  const [[x, y]] = batches(1, batch) as [[Tensor, Tensor]];
  const buffers = new Map<Tensor, Tensor>();
  return () => {
    for (const p of Object.values(model.params)) {
      p.grad?.release();
      p.grad = null;
    }
    const loss = tidy(() => nllLoss(model.forward(x), y));
    runBackward([loss], [null]);
    sgdStep(model, buffers);
    loss.release();
  };
}
