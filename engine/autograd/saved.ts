// A tensor saved for backward, as PyTorch's SavedVariable.
//
// Note [Saved outputs]: a node that saves its own output (exp, sigmoid, relu,
// log_softmax) must not own that output's grad_fn — itself — or the graph
// would be a cycle. Like PyTorch we keep only an alias of the data for
// outputs, and the tensor itself for everything else. Either way the saved
// version is recorded, and unpacking after an in-place change raises.
import { unscoped } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { legacyTensorType, runtimeError } from '../errors/errors.ts';
import type { Node } from './node.ts';

export class SavedTensor {
  private tensor: Tensor | null;
  private readonly savedVersion: number;
  private readonly gradFnName: string | null;
  readonly outputNr: number;
  readonly isOutput: boolean;
  /** For saved outputs: the node that produced them (not owned: it owns this slot). */
  private readonly owner: Node;
  readonly bytes: number;
  readonly storageId: number;

  constructor(t: Tensor, isOutput: boolean, owner: Node, outputNr = t.outputNr) {
    if (t.isInference && !t.requiresGrad) {
      // Only tensors of the graph can be saved; inference tensors never can.
      throw runtimeError(
        'Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.',
      );
    }
    this.savedVersion = t.version.value;
    this.gradFnName = isOutput ? owner.name : (t.gradFn?.name ?? null);
    this.outputNr = outputNr;
    this.isOutput = isOutput;
    this.owner = owner;
    this.bytes = t.storage.nbytes;
    this.storageId = t.storage.id;
    if (isOutput) {
      // Not recorded in the caller's scope: the alias is this slot's, not the op's temporaries'.
      this.tensor = unscoped(() => new Tensor(t.storage, t.shape, t.strides, t.offset, t.version));
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

  /**
   * The saved value, checked against in-place changes since it was saved.
   * With `withGraph` (backward under create_graph), a saved output comes back
   * with its grad_fn, as a new tensor the caller's scope owns.
   */
  unpack(withGraph = false): Tensor {
    const t = this.tensor;
    if (!t) throw new Error('saved tensor used after release');
    if (t.version.value !== this.savedVersion) {
      // An input is named by its grad_fn now (an in-place op may have rebased its history), as PyTorch's SavedVariable does.
      const name = this.isOutput ? this.gradFnName : (t.gradFn?.name ?? null);
      const where = name ? `, which is output ${this.outputNr} of ${name},` : '';
      throw runtimeError(
        `one of the variables needed for gradient computation has been modified by an inplace operation: [${legacyTensorType(t.dtype)} [${t.shape.join(', ')}]]${where} is at version ${t.version.value}; expected version ${this.savedVersion} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).`,
      );
    }
    if (this.isOutput && withGraph) {
      // create_graph: like SavedVariable, give the output its grad_fn back so a
      // derivative that reads it (exp, softmax, std) is differentiable again.
      const withGraph = new Tensor(t.storage, t.shape, t.strides, t.offset, t.version);
      this.owner.retain();
      withGraph.gradFn = this.owner;
      withGraph.outputNr = this.outputNr;
      return withGraph;
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
