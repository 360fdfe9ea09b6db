// The graph view itself, for the panel and for inline outputs: options, the
// canvas, and the details of the selected node.
import { useMemo, useRef } from 'react';
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';
import { GraphCanvas } from './GraphCanvas.tsx';
import { NodeDetails } from './NodeDetails.tsx';
import { READABLE_SCALE } from './scene.ts';
import { useGraphLayout } from './use_graph_layout.ts';
import type { ViewOptions } from './view_graph.ts';

interface Props {
  nodes: readonly GraphNodeRecord[];
  options: ViewOptions;
  onOptions(options: Partial<ViewOptions>): void;
  selected: number | null;
  onSelect(node: number | null): void;
  /** Node ids drawn highlighted ("why is this alive?"). */
  highlighted?: readonly number[];
  rootGradFn?: number | null;
  height?: number;
  /** The notebook's names and their tensors' grad_fn, so a node can say whose it is. */
  names?: readonly { name: string; gradFn: number | null }[];
  onWhyAlive?(name: string): void;
}

const NONE: readonly number[] = [];

export function GraphBody({ nodes, options, onOptions, selected, onSelect, highlighted = NONE, rootGradFn = null, height, names = [], onWhyAlive }: Props) {
  const { scene, result, pending } = useGraphLayout(nodes, options, rootGradFn);
  const byId = useMemo(() => (selected === null ? new Map<number, GraphNodeRecord>() : new Map(nodes.map((n) => [n.node, n]))), [nodes, selected]);
  const highlight = useMemo(() => {
    const shownAs = result?.view.shownAs;
    const ids = new Set<string>();
    for (const id of highlighted) {
      const v = shownAs?.get(id);
      if (v) ids.add(v);
    }
    const sel = selected !== null ? (shownAs?.get(selected) ?? null) : null;
    return { nodes: ids, selected: sel };
  }, [result, highlighted, selected]);
  const selectedNode = selected !== null ? byId.get(selected) : undefined;
  // The canvas grows with the graph but does not shrink back while mounted: a
  // live graph changes height every layout, and resizing the canvas reallocates
  // it and lays the page out again.
  const tallest = useRef(0);
  const fitted = scene ? Math.round(Math.min(640, Math.max(220, scene.height * READABLE_SCALE + 30))) : 0;
  tallest.current = Math.max(tallest.current, fitted);
  const group = selected !== null ? result?.view.groups.find((g) => g.members.includes(selected)) : undefined;
  return (
    <div className="graph-body">
      <div className="graph-options">
        <label>
          <input type="checkbox" checked={options.collapseRepeats} onChange={(e) => onOptions({ collapseRepeats: e.target.checked })} /> Collapse repeats
        </label>
        <label>
          <input type="checkbox" checked={options.groupByModule} onChange={(e) => onOptions({ groupByModule: e.target.checked })} /> Group by Module
        </label>
        <span className="muted graph-layout-status" aria-live="off">
          {pending ? 'laying out…' : result && !result.error ? `layout ${Math.round(result.ms)} ms` : ''}
        </span>
      </div>
      {result && result.view.groups.length > 0 ? (
        <p className="graph-groups">
          {result.view.groups.map((g) => (
            <span key={g.id} className="repeat-badge" data-testid="repeat-group">
              ×{g.count}
            </span>
          ))}{' '}
          repeated structure drawn once
        </p>
      ) : null}
      {result?.error ? <p className="output-stderr">Could not lay out the graph: {result.error}</p> : null}
      {scene ? (
        <GraphCanvas scene={scene} highlight={highlight} onSelect={onSelect} height={height ?? tallest.current} />
      ) : nodes.length > 0 ? (
        <p className="panel-empty">Laying out {nodes.length} nodes…</p>
      ) : null}
      {selectedNode ? (
        <NodeDetails
          node={selectedNode}
          byId={byId}
          groupCount={group?.count ?? null}
          onSelect={onSelect}
          heldBy={names.filter((n) => n.gradFn === selectedNode.node).map((n) => n.name)}
          {...(onWhyAlive ? { onWhyAlive } : {})}
        />
      ) : null}
    </div>
  );
}
