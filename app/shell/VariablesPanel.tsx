// The variable inspector: the notebook namespace after the last run.
import { formatBytes, formatShape } from '../outputs/format.ts';
import { useApp } from '../store/context.tsx';

export function VariablesPanel() {
  const variables = useApp((s) => s.kernel.variables);
  if (variables.length === 0) return <p className="panel-empty">No variables yet. Run a cell and the names it defines appear here.</p>;
  const total = variables.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
  return (
    <table className="variables">
      <caption>
        {variables.length} name{variables.length === 1 ? '' : 's'} · tensors hold {formatBytes(total)}
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Shape</th>
          <th scope="col">dtype</th>
          <th scope="col" title="requires_grad">grad</th>
          <th scope="col">Bytes</th>
        </tr>
      </thead>
      <tbody>
        {variables.map((v) => (
          <tr key={v.name} title={v.preview}>
            <th scope="row">{v.name}</th>
            <td>{v.type}</td>
            <td>{v.shape ? formatShape(v.shape) : ''}</td>
            <td>{v.dtype?.replace(/^torch\./, '') ?? ''}</td>
            <td>{v.requiresGrad === undefined ? '' : v.requiresGrad ? 'True' : 'False'}</td>
            <td className="num">{v.bytes === undefined ? '' : formatBytes(v.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
