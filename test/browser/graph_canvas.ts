// Reading the graph view's canvas in a page: where a box of a given fill is
// (so a test can click a node without knowing the layout), and how many pixels
// carry the why-alive highlight. Colours are draw.ts's (app/inspect/graph).
import type { Locator } from 'playwright-core';

/** draw.ts's fills: grey for backward functions, light blue for leaves. */
export const NODE_FILL = { op: '#e8e8e8', leaf: '#add8e6' } as const;

/**
 * The page point (CSS pixels) at the middle of a run of `fill` pixels at
 * least `size` wide and tall — the inside of a node box — where a click can
 * reach it (inside the window and every scrolling ancestor), or null.
 */
export function pointInsideFill(canvas: Locator, fill: string, size = 9): Promise<{ x: number; y: number } | null> {
  return canvas.evaluate(
    (el, [hex, n]) => {
      const c = el as HTMLCanvasElement;
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const is = (x: number, y: number) => {
        const i = (y * c.width + x) * 4;
        return px[i] === r && px[i + 1] === g && px[i + 2] === b;
      };
      const rect = c.getBoundingClientRect();
      const dpr = c.width / rect.width;
      const seen = { left: Math.max(rect.left, 0), top: Math.max(rect.top, 0), right: Math.min(rect.right, innerWidth), bottom: Math.min(rect.bottom, innerHeight) };
      for (let a = c.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflow === 'visible') continue;
        const r = a.getBoundingClientRect();
        seen.left = Math.max(seen.left, r.left);
        seen.top = Math.max(seen.top, r.top);
        seen.right = Math.min(seen.right, r.right);
        seen.bottom = Math.min(seen.bottom, r.bottom);
      }
      const [x0, y0] = [Math.ceil((seen.left - rect.left) * dpr), Math.ceil((seen.top - rect.top) * dpr)];
      const [x1, y1] = [Math.floor((seen.right - rect.left) * dpr), Math.floor((seen.bottom - rect.top) * dpr)];
      for (let y = Math.max(y0, 0); y + n < Math.min(y1, c.height); y += 2) {
        for (let x = Math.max(x0, 0); x + n < Math.min(x1, c.width); x += 2) {
          let all = true;
          for (let dy = 0; dy < n && all; dy += 2) for (let dx = 0; dx < n && all; dx += 2) all = is(x + dx, y + dy);
          if (all) return { x: rect.left + (x + n / 2) / dpr, y: rect.top + (y + n / 2) / dpr };
        }
      }
      return null;
    },
    [fill, size] as const,
  );
}

/** Pixels of the why-alive highlight's orange (#f57c00), anti-aliased edges included: red high, blue low, green between. */
export function highlightPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) {
      const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
      if (r > 200 && r - b > 90 && g < r - 30 && g > b) n++;
    }
    return n;
  });
}
