// What a clicked node is: PyTorch's name, the Module that made it, its
// next_functions and the tensors it saves (or that backward freed them).
import { useEffect, useRef } from 'react';
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';
import { formatBytes, formatShape } from '../format.ts';

interface Props {
  node: GraphNodeRecord;
  byId: ReadonlyMap<number, GraphNodeRecord>;
  groupCount: number | null;
  onSelect(id: number): void;
  /** Names of the notebook whose tensor has this node as grad_fn, and what to do when one is picked. */
  heldBy?: readonly string[];
  onWhyAlive?(name: string): void;
}

export function NodeDetails({ node, byId, groupCount, onSelect, heldBy = [], onWhyAlive }: Props) {
  const saved = node.saved.reduce((a, s) => a + s.bytes, 0);
  const ref = useRef<HTMLElement>(null);
  // The details sit under the canvas, often below the panel's fold: bring them into view when a node is picked.
  // (A block body: newer Chromium's scrollIntoView returns a Promise, which an effect must not return.)
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [node.node]);
  return (
    <section ref={ref} className="node-details" aria-label="Node details">
      <h4>
        {node.leaf ? `AccumulateGrad · ${node.leaf.label ?? 'leaf tensor'}` : node.name} <span className="muted">#{node.node}</span>
      </h4>
      <dl>
        {heldBy.length > 0 ? (
          <>
            <dt>grad_fn of</dt>
            <dd>
              {heldBy.map((name) =>
                onWhyAlive ? (
                  <button key={name} type="button" className="link" onClick={() => onWhyAlive(name)} title={`Why is ${name} alive?`}>
                    {name}
                  </button>
                ) : (
                  <code key={name}>{name} </code>
                ),
              )}
            </dd>
          </>
        ) : null}
        {node.module ? (
          <>
            <dt>Module</dt>
            <dd>{node.module}</dd>
          </>
        ) : null}
        {groupCount !== null ? (
          <>
            <dt>Repeats</dt>
            <dd>drawn once for {groupCount} iterations</dd>
          </>
        ) : null}
        {node.leaf ? (
          <>
            <dt>Leaf</dt>
            <dd>
              {node.leaf.label ?? 'tensor'} {formatShape(node.leaf.shape)} {node.leaf.dtype} · {formatBytes(node.leaf.bytes)}
            </dd>
          </>
        ) : null}
        <dt>next_functions</dt>
        <dd>
          {node.next.length === 0
            ? '()'
            : node.next.map((id) => {
                const m = byId.get(id);
                return (
                  <button key={id} type="button" className="link" onClick={() => onSelect(id)}>
                    {m ? (m.leaf ? `AccumulateGrad (${m.leaf.label ?? 'leaf'})` : m.name) : `#${id}`}
                  </button>
                );
              })}
        </dd>
        {node.saved.length > 0 ? (
          <>
            <dt>Saved</dt>
            <dd>
              {node.savedFreed ? <p className="muted">freed by backward() ({node.saved.length} tensors, {formatBytes(saved)})</p> : null}
              <ul className={node.savedFreed ? 'freed' : undefined}>
                {node.saved.map((s, i) => (
                  <li key={i}>
                    {s.slot ? `_saved_${s.slot}` : 'saved'} {formatShape(s.shape)} {s.dtype} · {formatBytes(s.bytes)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
