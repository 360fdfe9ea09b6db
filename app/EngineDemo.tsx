// A placeholder page until the notebook exists: proves the engine runs in the browser.
import { useMemo } from 'react';
import { Tensor } from '../engine/core/tensor.ts';
import { exp } from '../engine/ops/pointwise_unary.ts';

export function EngineDemo() {
  const values = useMemo(() => {
    const x = Tensor.empty([3]);
    x.writeAll([0, 1, 2]);
    const y = exp(x);
    const out = y.toArray();
    y.release();
    x.release();
    return out;
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Glassgrad</h1>
      <p>A see-through PyTorch in the browser. The notebook is on its way; the engine is here:</p>
      <pre>exp([0, 1, 2]) = [{values.map((v) => v.toFixed(4)).join(', ')}]</pre>
    </main>
  );
}
