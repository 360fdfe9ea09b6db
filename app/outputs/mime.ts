// Which representation of a MIME bundle to show, richest first (Jupyter's
// display order, with our figure and tensor types on top).
import { PLOTLY_MIME, TENSOR_MIME } from '../../engine/runtime/protocol.ts';

export const DISPLAY_ORDER = [
  PLOTLY_MIME,
  TENSOR_MIME,
  'text/html',
  'image/svg+xml',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/markdown',
  'text/latex',
  'text/plain',
] as const;

export type ShownMime = (typeof DISPLAY_ORDER)[number];

export function pickMime(data: Record<string, unknown>): ShownMime | null {
  return DISPLAY_ORDER.find((m) => data[m] !== undefined && data[m] !== null) ?? null;
}
