// The variable inspector: the notebook namespace after the last run. A tensor's
// row (click, or Enter on the focused row) asks "why is this alive?": the Graph
// tab opens with the chain from the name to the bytes its graph keeps.
import type { KeyboardEvent } from 'react';
import { useInspect, useInspectFeed } from '../inspect/index.ts';
import { formatBytes, formatShape } from '../outputs/format.ts';
import { useApp, useStoreApi } from '../store/context.tsx';

export function VariablesPanel() {
  const variables = useApp((s) => s.kernel.variables);
  const store = useStoreApi();
  const feed = useInspectFeed();
  const selectedName = useInspect((s) => s.inspect.selectedName);
  if (variables.length === 0) return <p className="panel-empty">No variables yet. Run a cell and the names it defines appear here.</p>;
  const total = variables.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
  const explain = (name: string) => {
    feed.selectName(name);
    store.getState().setRightPanel({ tab: 'graph' });
  };
  const onKeyDown = (e: KeyboardEvent, name: string) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    explain(name);
  };
  return (
    <table className="variables">
      <caption>
        {variables.length} name{variables.length === 1 ? '' : 's'} · tensors hold {formatBytes(total)}
        {variables.some((v) => v.shape) ? <span className="variables-hint"> · pick a tensor to see why it is alive</span> : null}
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
        {variables.map((v) => {
          // Only tensors are roots of "why is this alive?" (the kernel's 'names' event lists them).
          const explainable = v.shape !== undefined;
          const selected = explainable && v.name === selectedName;
          return (
            <tr
              key={v.name}
              title={explainable ? `${v.preview}\nWhy is ${v.name} alive? (click or Enter: the Graph tab shows the chain)` : v.preview}
              className={explainable ? (selected ? 'explainable selected' : 'explainable') : undefined}
              {...(explainable
                ? { tabIndex: 0, 'aria-current': selected ? ('true' as const) : undefined, onClick: () => explain(v.name), onKeyDown: (e: KeyboardEvent) => onKeyDown(e, v.name) }
                : {})}
            >
              <th scope="row">{v.name}</th>
              <td>{v.type}</td>
              <td>{v.shape ? formatShape(v.shape) : ''}</td>
              <td>{v.dtype?.replace(/^torch\./, '') ?? ''}</td>
              <td>{v.requiresGrad === undefined ? '' : v.requiresGrad ? 'True' : 'False'}</td>
              <td className="num">{v.bytes === undefined ? '' : formatBytes(v.bytes)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
