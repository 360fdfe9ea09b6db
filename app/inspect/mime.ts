// The MIME types of glassgrad's inline views (engine/python/glassgrad/_views.py).
export const GRAPH_MIME = 'application/vnd.glassgrad.graph+json';
export const MEMORY_MIME = 'application/vnd.glassgrad.memory+json';
export const LAYOUT_MIME = 'application/vnd.glassgrad.layout+json';

export const INSPECT_MIMES = [GRAPH_MIME, MEMORY_MIME, LAYOUT_MIME] as const;
export type InspectMime = (typeof INSPECT_MIMES)[number];
