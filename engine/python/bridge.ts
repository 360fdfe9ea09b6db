// The engine as Python sees it: the object registered as the JS module
// `_glassgrad` (pyodide.registerJsModule). The `torch` package is written over
// it; nothing else in Python touches the engine.
//
//   import _glassgrad as _E
//   a = _E.adopt(_E.empty([2], 'float32'))   # a new engine tensor, taken over as a handle
//   b = _E.opI('add', 1, a, 1, alpha=2)       # any op of the table, by name; bit 0 of 1: `a` is a handle
//
// Every function is guarded: engine errors arrive in Python as the Python
// exception PyTorch raises (Note [Errors cross the bridge as Python exceptions]
// in bridge_python.ts). Tensors a function returns are owned by the caller.
import { getDefaultDtype, promoteTypes, resultType, setDefaultDtype, type DType, type Operand } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { Generator } from '../core/random.ts';
import { wrapScalar } from '../ops/util.ts';
import { autogradBridge } from './bridge_autograd.ts';
import { bufferBridge } from './bridge_buffer.ts';
import { fnTT, functionsBridge } from './bridge_functions.ts';
import { handlesBridge } from './bridge_handles.ts';
import { instrumentsBridge } from './bridge_instruments.ts';
import { opsBridge } from './bridge_ops.ts';
import { guard, installPythonHooks, toJs } from './bridge_python.ts';
import { tensorBridge } from './bridge_tensor.ts';

const dtypeBridge = {
  getDefaultDtype(): DType {
    return getDefaultDtype();
  },
  setDefaultDtype(d: DType): void {
    setDefaultDtype(d);
  },
  promoteTypes(a: DType, b: DType): DType {
    return promoteTypes(a, b);
  },
  /** torch.result_type over tensors and Python numbers (an integral float arrives as its repr). */
  resultType(operands: unknown): DType {
    const ops = (toJs(operands) as unknown[]).map((v): Operand => {
      if (v instanceof Tensor) return { kind: 'tensor', dtype: v.dtype, dim: v.ndim };
      if (typeof v === 'string') return { kind: 'scalar', value: 0.5 };
      return { kind: 'scalar', value: v as number | boolean };
    });
    return resultType(ops);
  },
};

const scalarBridge = {
  /** A Python float with an integral value (2.0) as the 0-dim float scalar PyTorch would wrap it in. */
  floatScalar(v: number): Tensor {
    return wrapScalar(Number(v), 'float64');
  },
  /** torch.Generator(): a new random stream. */
  newGenerator(seed?: number | bigint): Generator {
    return new Generator(seed);
  },
};

export const bridge = {
  installPythonHooks,
  ...guard(opsBridge),
  ...guard(handlesBridge),
  fnTT,
  ...guard(functionsBridge),
  ...guard(tensorBridge),
  ...guard(bufferBridge),
  ...guard(autogradBridge),
  ...guard(dtypeBridge),
  ...guard(instrumentsBridge),
  ...guard(scalarBridge),
};

export type Bridge = typeof bridge;
