// torch.optim.SGD(momentum=...) for the TypeScript-side scenarios and benchmarks:
// the buffer starts as a copy of the first gradient, then buf = m*buf + grad,
// and p -= lr*buf, all in place (optimizer state is its own memory category).
import { Tensor } from '../../engine/core/tensor.ts';
import type { ReferenceCnn } from './reference_cnn.ts';

export function sgdStep(model: ReferenceCnn, buffers: Map<Tensor, Tensor>, lr = 0.01, momentum = 0.5): void {
  for (const p of Object.values(model.params)) {
    const g = p.grad!.storage.data;
    let buf = buffers.get(p);
    if (!buf) {
      buf = Tensor.empty(p.shape, p.dtype);
      buf.storage.setRole('optimizer');
      buf.storage.data.set(g);
      buffers.set(p, buf);
    } else {
      const b = buf.storage.data;
      for (let i = 0; i < b.length; i++) b[i] = b[i]! * momentum + g[i]!;
    }
    const d = p.storage.data;
    const b = buf.storage.data;
    for (let i = 0; i < d.length; i++) d[i] -= lr * b[i]!;
    p.version.value++;
  }
}

