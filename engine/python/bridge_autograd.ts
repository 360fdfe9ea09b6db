// Autograd services for the Python facade: backward / autograd.grad, grad
// modes, tensor hooks, retain_grad and the graph's nodes (grad_fn objects).
//
// Note [Hook results]: a Python hook that returns a tensor hands the bridge an
// owned reference (the Python wrapper may die as soon as the hook returns).
// The backward engine takes its own reference when it keeps a replaced
// gradient, so the bridge parks the hook's reference and drops it when the
// backward call that ran the hook finishes.
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import {
  isGradEnabled,
  isInferenceMode,
  restoreGradMode,
  setGradEnabled,
  setInferenceMode,
} from '../autograd/grad_mode.ts';
import { AccumulateGrad, type Node } from '../autograd/node.ts';
import { CustomFunctionNode, recordCustomFunction } from '../autograd/custom_function.ts';
import { cloneTensor, sumTensors } from '../autograd/grad_math.ts';
import { tidy } from '../core/scope.ts';
import { runtimeError } from '../errors/errors.ts';
import { toJs, type PyCallable } from './bridge_python.ts';

type GradModeState = ReturnType<typeof setGradEnabled>;

const parked: Tensor[] = [];
let backwardDepth = 0;

function releaseParked(): void {
  if (backwardDepth > 0) return;
  while (parked.length > 0) parked.pop()!.release();
}

function tensors(list: unknown): (Tensor | null)[] {
  const v = toJs(list) as unknown[];
  return v.map((t) => (t instanceof Tensor ? t : null));
}

let nextHookId = 1;
interface HookEntry {
  id: number;
  remove(): void;
}
const hookEntries = new Map<number, HookEntry>();
const retainGradHooks = new WeakSet<object>();

/** Calls a Python hook; a returned tensor is parked (Note [Hook results]). */
function callHook(fn: PyCallable, g: Tensor): Tensor | null {
  const r = fn(g);
  if (r instanceof Tensor) {
    parked.push(r);
    return r;
  }
  return null;
}

function owned<T>(fn: () => T): T {
  return tidy(fn, () => []);
}

export const autogradBridge = {
  /** tensor.backward() and torch.autograd.backward. */
  backward(roots: unknown, grads: unknown, retainGraph: boolean | undefined, createGraph: boolean, inputs: unknown): void {
    const rs = tensors(roots) as Tensor[];
    const gs = tensors(grads);
    const only = inputs === undefined || inputs === null ? undefined : (tensors(inputs) as Tensor[]);
    if (only) throw runtimeError('backward(inputs=...) is not supported by Glassgrad yet');
    backwardDepth++;
    try {
      runBackward(rs, gs, { retainGraph: retainGraph ?? createGraph, createGraph });
    } finally {
      backwardDepth--;
      releaseParked();
    }
  },
  /** torch.autograd.grad: gradients of outputs with respect to inputs, owned by the caller. */
  autogradGrad(
    outputs: unknown,
    inputs: unknown,
    gradOutputs: unknown,
    retainGraph: boolean | undefined,
    createGraph: boolean,
    allowUnused: boolean,
  ): (Tensor | undefined)[] {
    const outs = tensors(outputs) as Tensor[];
    const ins = tensors(inputs) as Tensor[];
    const gs = gradOutputs === undefined || gradOutputs === null ? outs.map(() => null) : tensors(gradOutputs);
    backwardDepth++;
    try {
      return runBackward(outs, gs, { retainGraph: retainGraph ?? createGraph, createGraph, inputs: ins, allowUnused }).map((g) => g ?? undefined);
    } finally {
      backwardDepth--;
      releaseParked();
    }
  },

  isGradEnabled,
  isInferenceMode,
  setGradEnabled(enabled: boolean): GradModeState {
    return setGradEnabled(Boolean(enabled));
  },
  /** inference_mode(mode): like PyTorch's InferenceMode guard, mode=False also turns grad mode on. */
  setInferenceMode(on: boolean): GradModeState {
    const prev = setInferenceMode(Boolean(on));
    if (!on) setGradEnabled(true);
    return prev;
  },
  restoreGradMode(prev: GradModeState): void {
    restoreGradMode(prev);
  },

  /** tensor.register_hook(fn): returns a handle id for removeHook. */
  registerHook(t: Tensor, fn: PyCallable): number {
    if (!t.requiresGrad) throw runtimeError("cannot register a hook on a tensor that doesn't require gradient");
    const py = typeof fn.copy === 'function' ? fn.copy() : fn;
    const id = nextHookId++;
    if (t.gradFn) {
      const node = t.gradFn;
      const k = t.outputNr;
      const hook = (g: Tensor) => callHook(py, g);
      const list = node.preHooks.get(k) ?? [];
      // retain_grad's hook stays last, so .grad sees what the other hooks made of the gradient.
      const at = list.findIndex((h) => retainGradHooks.has(h));
      list.splice(at < 0 ? list.length : at, 0, hook);
      node.preHooks.set(k, list);
      hookEntries.set(id, {
        id,
        remove: () => {
          const l = node.preHooks.get(k);
          if (l) l.splice(l.indexOf(hook) >>> 0, 1);
          py.destroy?.();
        },
      });
    } else {
      const hook = (g: Tensor) => callHook(py, g);
      (t.hooks ??= []).push(hook);
      hookEntries.set(id, {
        id,
        remove: () => {
          const i = t.hooks?.indexOf(hook) ?? -1;
          if (i >= 0) t.hooks!.splice(i, 1);
          py.destroy?.();
        },
      });
    }
    return id;
  },
  removeHook(id: number): void {
    const e = hookEntries.get(id);
    if (!e) return;
    hookEntries.delete(id);
    e.remove();
  },

  /** retain_grad(): a non-leaf keeps its gradient in .grad (accumulated across backward calls). */
  retainGrad(t: Tensor): void {
    if (!t.requiresGrad) throw runtimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (t.isLeaf || t.retainsGrad) return;
    t.retainsGrad = true;
    const node = t.gradFn!;
    const k = t.outputNr;
    const hook = (g: Tensor): null => {
      if (t.released) return null;
      if (!t.grad) {
        const c = owned(() => cloneTensor(g));
        c.storage.setRole('gradient');
        t.grad = c;
      } else {
        const s = owned(() => sumTensors(t.grad!, g));
        t.grad.release();
        s.storage.setRole('gradient');
        t.grad = s;
      }
      return null;
    };
    retainGradHooks.add(hook);
    const list = node.preHooks.get(k) ?? [];
    list.push(hook);
    node.preHooks.set(k, list);
  },

  // ---- graph nodes (grad_fn objects) ----
  retainNode(n: Node): Node {
    n.retain();
    return n;
  },
  releaseNode(n: Node): void {
    n.release();
  },
  /** next_functions as a JS array of [node or null, input number]. */
  nextFunctions(n: Node): [Node | undefined, number][] {
    return n.next.map((e) => (e ? [e.node, e.inputNr] : [undefined, 0]));
  },
  /** A tensor's grad_fn, or undefined for leaves. */
  gradFn(t: Tensor): Node | undefined {
    return t.gradFn ?? undefined;
  },
  /** AccumulateGrad.variable: a new reference to the leaf, or null for other nodes. */
  nodeVariable(n: Node): Tensor | undefined {
    return n instanceof AccumulateGrad ? n.variable.retain() : undefined;
  },

  // ---- torch.autograd.Function ----
  /**
   * Records a custom Function call (Note in engine/autograd/custom_function.ts);
   * returns the node (the outputs' grad_fn) or undefined when nothing was recorded.
   * `backward` is called with the incoming gradients and returns owned handles.
   */
  customFunction(
    name: string,
    inputs: unknown,
    outputs: unknown,
    save: unknown,
    nonDifferentiable: unknown,
    dirty: unknown,
    materializeGrads: boolean,
    backward: PyCallable,
  ): Node | undefined {
    const py = typeof backward.copy === 'function' ? backward.copy() : backward;
    const node = recordCustomFunction({
      name: String(name),
      inputs: tensors(inputs),
      outputs: tensors(outputs) as Tensor[],
      save: tensors(save),
      nonDifferentiable: new Set(toJs(nonDifferentiable) as number[]),
      dirty: new Set(tensors(dirty) as Tensor[]),
      materializeGrads: Boolean(materializeGrads),
      backward: (grads) => (toJs(py(grads)) as unknown[]).map((g) => (g instanceof Tensor ? g : null)),
      dispose: () => py.destroy?.(),
    });
    return node ?? undefined;
  },
  /** ctx.saved_tensors: new references (None where None was saved). */
  customSavedTensors(node: Node): (Tensor | undefined)[] {
    if (!(node instanceof CustomFunctionNode)) throw runtimeError('saved_tensors is only available on a custom Function node');
    return owned(() => node.unpackSaved()).map((t) => t ?? undefined);
  },
};
