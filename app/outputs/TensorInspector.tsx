// A tensor result: PyTorch's repr, and an expandable inspector with what the
// repr does not show (strides, offset, storage, bytes, autograd fields) and
// the storage strip those strides read. The layout is drawn only once the
// inspector is open, and a large one waits behind its own "Layout" toggle.
import { useState } from 'react';
import type { TensorSummary } from '../../engine/runtime/protocol.ts';
import { TensorSummaryLayout, layoutOpensAtOnce } from '../inspect/index.ts';
import { AnsiText } from './AnsiText.tsx';
import { formatBytes, formatShape } from './format.ts';

export function TensorInspector({ repr, tensor }: { repr: string; tensor: TensorSummary }) {
  const [open, setOpen] = useState(false);
  const [layoutOpen, setLayoutOpen] = useState(() => layoutOpensAtOnce(tensor));
  const rows: [string, string][] = [
    ['shape', `torch.Size(${formatShape(tensor.shape)})`],
    ['dtype', tensor.dtype],
    ['stride()', `(${tensor.strides.join(', ')}${tensor.strides.length === 1 ? ',' : ''})`],
    ['storage_offset()', String(tensor.storageOffset)],
    ['requires_grad', tensor.requiresGrad ? 'True' : 'False'],
    ['is_leaf', tensor.isLeaf ? 'True' : 'False'],
    ['grad_fn', tensor.gradFn ?? 'None'],
    ['bytes (its elements)', formatBytes(tensor.bytes)],
    ['storage bytes (shared with views)', formatBytes(tensor.storageBytes)],
    ['storage id', String(tensor.storageId)],
  ];
  return (
    <div className="output-tensor">
      <AnsiText text={repr} className="output-text" />
      <details className="tensor-inspector" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          Tensor {formatShape(tensor.shape)} · {tensor.dtype.replace(/^torch\./, '')}
          {tensor.requiresGrad ? ' · requires_grad' : ''} · {formatBytes(tensor.storageBytes)}
        </summary>
        <table>
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <details className="tensor-layout" open={layoutOpen} onToggle={(e) => setLayoutOpen(e.currentTarget.open)}>
          <summary>Layout</summary>
          {open && layoutOpen ? (
            <div className="output-layout" aria-label="Tensor layout">
              <TensorSummaryLayout summary={tensor} />
            </div>
          ) : null}
        </details>
      </details>
    </div>
  );
}
