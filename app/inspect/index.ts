// What the app needs from the inspect views (see the wiring notes in README.md).
export { InspectPanel, GraphPanel, MemoryPanel } from './InspectPanel.tsx';
export { InspectProvider, useInspect, useInspectFeed } from './context.tsx';
export { InspectFeed } from './feed.ts';
export { createInspectSlice, createInspectStore, type InspectSlice, type InspectStore } from './store.ts';
export { INSPECT_RENDERERS, isInspectMime, pickInspectMime, renderInspectOutput } from './outputs.tsx';
export { GRAPH_MIME, INSPECT_MIMES, LAYOUT_MIME, MEMORY_MIME } from './mime.ts';
export { TensorSummaryLayout } from './layout/LayoutOutput.tsx';
export { layoutOfSummary, layoutOpensAtOnce } from './layout/summary.ts';
