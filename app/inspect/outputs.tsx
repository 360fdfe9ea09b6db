// Inline outputs of glassgrad's views: MIME type -> component. The notebook's
// output area shows a bundle with one of these types through
// renderInspectOutput (the text/plain beside it is the fallback elsewhere).
import type { ReactNode } from 'react';
import type { GraphData } from '../../engine/trace/graph_snapshot.ts';
import type { LayoutData } from '../../engine/trace/tensor_layout.ts';
import { GraphOutput } from './graph/GraphOutput.tsx';
import { LayoutOutput } from './layout/LayoutOutput.tsx';
import { MemoryOutput, type MemoryOutputData } from './memory/MemoryOutput.tsx';
import { GRAPH_MIME, INSPECT_MIMES, LAYOUT_MIME, MEMORY_MIME, type InspectMime } from './mime.ts';
import './inspect.css';

export const INSPECT_RENDERERS: Record<InspectMime, (data: unknown) => ReactNode> = {
  [GRAPH_MIME]: (data) => <GraphOutput data={data as GraphData} />,
  [MEMORY_MIME]: (data) => <MemoryOutput data={data as MemoryOutputData} />,
  [LAYOUT_MIME]: (data) => <LayoutOutput data={data as LayoutData} />,
};

export function isInspectMime(mime: string): mime is InspectMime {
  return (INSPECT_MIMES as readonly string[]).includes(mime);
}

/** The inspect MIME type of a bundle, richest first, or null. */
export function pickInspectMime(bundle: Record<string, unknown>): InspectMime | null {
  return INSPECT_MIMES.find((m) => bundle[m] !== undefined && bundle[m] !== null) ?? null;
}

/** The component for an inline view, or null when `mime` is not one of glassgrad's. */
export function renderInspectOutput(mime: string, data: unknown): ReactNode | null {
  return isInspectMime(mime) ? INSPECT_RENDERERS[mime](data) : null;
}
