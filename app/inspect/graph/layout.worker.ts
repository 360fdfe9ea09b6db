// The graph layout Worker: ELK runs here, off the main thread, so laying out a
// large graph never freezes the notebook.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutRequest {
  id: number;
  graph: ElkNode;
}

export type LayoutReply = { id: number; graph: ElkNode; ms: number } | { id: number; error: string };

const elk = new ELK();

self.onmessage = async (e: MessageEvent<LayoutRequest>) => {
  const { id, graph } = e.data;
  const t0 = performance.now();
  try {
    const laid = await elk.layout(graph);
    (self as unknown as Worker).postMessage({ id, graph: laid, ms: performance.now() - t0 } satisfies LayoutReply);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: String(err) } satisfies LayoutReply);
  }
};
