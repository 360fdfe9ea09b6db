// A tensor saved for backward, as PyTorch's SavedVariable.
//
// Note [Saved outputs]: a node that saves its own output (exp, sigmoid, relu,
// log_softmax) must not own that output's grad_fn — itself — or the graph
// would be a cycle. Like PyTorch we keep only an alias of the data for
// outputs, and the tensor itself for everything else. Either way the saved
// version is recorded, and unpacking after an in-place change raises.
import { Tensor } from '../core/tensor.ts';
import { legacyTensorType, runtimeError } from '../errors/errors.ts';
import type { Node } from './node.ts';

export class SavedTensor {
  private tensor: Tensor | null;
  private readonly savedVersion: number;
  private readonly gradFnName: string | null;
  private readonly outputNr: number;
  private readonly wasLeaf: boolean;
  readonly bytes: number;
  readonly storageId: number;

  constructor(t: Tensor, isOutput: boolean, owner: Node) {
    if (t.isInference && !t.requiresGrad) {
      // Only tensors of the graph can be saved; inference tensors never can.
      throw runtimeError(
        'Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.',
      );
    }
    this.savedVersion = t.version.value;
    this.gradFnName = isOutput ? owner.name : (t.gradFn?.name ?? null);
    this.outputNr = t.outputNr;
    this.wasLeaf = !isOutput && t.gradFn === null;
    this.bytes = t.storage.nbytes;
    this.storageId = t.storage.id;
    if (isOutput) {
      this.tensor = new Tensor(t.storage, t.shape, t.strides, t.offset, t.version);
    } else {
      this.tensor = t.retain();
    }
    this.tensor.storage.savedRefs++;
  }

  /** The tensor (or output alias) this slot keeps, while it keeps one. */
  get held(): Tensor | null {
    return this.tensor;
  }

  get isReleased(): boolean {
    return this.tensor === null;
  }

  /** The saved value, checked against in-place changes since it was saved. */
  unpack(): Tensor {
    const t = this.tensor;
    if (!t) throw new Error('saved tensor used after release');
    if (t.version.value !== this.savedVersion) {
      const where = this.wasLeaf || !this.gradFnName ? '' : `, which is output ${this.outputNr} of ${this.gradFnName},`;
      throw runtimeError(
        `one of the variables needed for gradient computation has been modified by an inplace operation: [${legacyTensorType(t.dtype)} [${t.shape.join(', ')}]]${where} is at version ${t.version.value}; expected version ${this.savedVersion} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).`,
      );
    }
    return t;
  }

  release(): void {
    const t = this.tensor;
    if (!t) return;
    this.tensor = null;
    t.storage.savedRefs--;
    t.release();
  }
}
