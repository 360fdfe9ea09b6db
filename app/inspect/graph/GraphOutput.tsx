// glassgrad.show_graph(t) inline: the graph behind a tensor as it was when
// shown (the MIME bundle's node records), with its own options and selection.
import { useMemo, useState } from 'react';
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';
import type { GraphData } from '../../../engine/trace/graph_snapshot.ts';
import { formatBytes } from '../format.ts';
import { GraphBody } from './GraphBody.tsx';
import type { ViewOptions } from './view_graph.ts';

export function graphRecords(data: GraphData): GraphNodeRecord[] {
  return data.nodes.map((n, seq) => ({ ...n, seq, run: null }));
}

export function GraphOutput({ data }: { data: GraphData & { root: (GraphData['root'] & { name?: string | null }) | null } }) {
  const nodes = useMemo(() => graphRecords(data), [data]);
  const [options, setOptions] = useState<ViewOptions>({ collapseRepeats: true, groupByModule: false });
  const [selected, setSelected] = useState<number | null>(null);
  const saved = useMemo(() => {
    const storages = new Map<number, number>();
    for (const n of nodes) if (!n.savedFreed) for (const s of n.saved) storages.set(s.storage, s.bytes);
    return [...storages.values()].reduce((a, b) => a + b, 0);
  }, [nodes]);
  const name = data.root?.name ?? null;
  return (
    <div className="output-graph" aria-label={name ? `Autograd graph of ${name}` : 'Autograd graph'}>
      <p className="graph-summary">
        {name ? <code>{name}</code> : 'Live graph'}: <strong>{nodes.length}</strong> nodes · {formatBytes(saved)} saved for backward
      </p>
      {nodes.length === 0 ? (
        <p className="muted">No autograd graph: {name ?? 'the tensor'} has no grad_fn.</p>
      ) : (
        <GraphBody
          nodes={nodes}
          options={options}
          onOptions={(o) => setOptions((prev) => ({ ...prev, ...o }))}
          selected={selected}
          onSelect={setSelected}
          rootGradFn={data.root?.gradFn ?? null}
          height={360}
        />
      )}
    </div>
  );
}
