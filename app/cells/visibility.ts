// Note [Lazy cells]
// A 100-cell notebook must open and scroll without lag. Work per cell comes in
// three steps, each done only when it is worth it:
//   1. plain: the source as plain text (one text node, exact height) — cells
//      beyond the first screenful start like this;
//   2. shown: highlighted code / rendered Markdown / drawn figures, as soon as
//      the cell comes within a screen or so of the viewport (useSeenNearViewport);
//   3. editor: a CodeMirror view, mounted when the user edits the cell, or when
//      it has been near the viewport while the browser is idle — one mount per
//      idle slice, so scrolling never waits for editors (useIdleNearViewport).
// The static views use CodeMirror's token classes and metrics, so a cell looks
// the same at every step. Offscreen cells also skip style and layout
// (content-visibility in cells.css). Without IntersectionObserver (jsdom),
// cells are shown in full and editors mount only when edited.
import { type RefObject, useEffect, useState } from 'react';

/** Cells rendered in full from the start: the first screenful, so nothing flashes on open. */
export const EAGER_CELLS = 12;

const MARGIN = '800px 0px';
const hasObserver = () => typeof IntersectionObserver !== 'undefined';

function observeNear(el: Element, onChange: (near: boolean) => void): () => void {
  const observer = new IntersectionObserver((entries) => onChange(entries[entries.length - 1].isIntersecting), { rootMargin: MARGIN });
  observer.observe(el);
  return () => observer.disconnect();
}

/** True once the element has come near the viewport (or at once when `eager`). */
export function useSeenNearViewport(ref: RefObject<Element | null>, eager: boolean): boolean {
  const [seen, setSeen] = useState(() => eager || !hasObserver());
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return;
    return observeNear(el, (near) => near && setSeen(true));
  }, [ref, seen]);
  return seen;
}

/** Mount work waiting for idle time, oldest first. */
const waiting = new Set<() => void>();
let draining = false;

const requestIdle: (f: (deadline: { timeRemaining(): number }) => void) => void =
  typeof requestIdleCallback === 'function' ? (f) => requestIdleCallback(f, { timeout: 500 }) : (f) => setTimeout(() => f({ timeRemaining: () => 8 }), 30);

function drain(): void {
  if (draining) return;
  draining = true;
  requestIdle((deadline) => {
    draining = false;
    // At least one mount per slice; more while the slice has time left.
    do {
      const next = waiting.values().next();
      if (next.done) return;
      waiting.delete(next.value);
      next.value();
    } while (deadline.timeRemaining() > 6);
    if (waiting.size > 0) drain();
  });
}

/** True once the element has been near the viewport during an idle moment (never without IntersectionObserver). */
export function useIdleNearViewport(ref: RefObject<Element | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (near || !el || !hasObserver()) return;
    const mount = () => setNear(true);
    const stop = observeNear(el, (visible) => {
      if (visible) {
        waiting.add(mount);
        drain();
      } else {
        waiting.delete(mount);
      }
    });
    return () => {
      stop();
      waiting.delete(mount);
    };
  }, [ref, near]);
  return near;
}
