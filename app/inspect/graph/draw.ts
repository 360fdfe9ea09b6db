// Paints a Scene on a 2D canvas: clusters, edges (from a node's inputs to the
// node, arrow at the node), and node boxes in torchviz's colours — grey for
// backward functions, light blue for leaves (parameters), green for the root's
// grad_fn. Only what intersects the viewport is drawn, and text only where it
// would be legible, so a 10,000-node graph pans at frame rate.
import { LINE_HEIGHT } from './view_graph.ts';
import type { Scene, Transform } from './scene.ts';
import type { Box } from './elk_graph.ts';

export interface Highlight {
  /** View node ids drawn highlighted ("why is this alive?"). */
  nodes: ReadonlySet<string>;
  selected: string | null;
}

const COLORS = {
  op: '#e8e8e8',
  leaf: '#add8e6',
  root: '#caff70',
  freedFill: '#ffffff',
  text: '#212121',
  muted: '#8a8a8a',
  edge: '#9e9e9e',
  repeat: '#1976d2',
  module: '#bdbdbd',
  highlight: '#f57c00',
  selected: '#1976d2',
};

const FONT = '11px ui-monospace, Menlo, Consolas, "Liberation Mono", monospace';
const BOLD = `bold ${FONT}`;

function visible(b: Box, view: { x0: number; y0: number; x1: number; y1: number }): boolean {
  return b.x <= view.x1 && b.x + b.width >= view.x0 && b.y <= view.y1 && b.y + b.height >= view.y0;
}

export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, t: Transform, size: { width: number; height: number }, hl: Highlight): number {
  ctx.save();
  ctx.clearRect(0, 0, size.width, size.height);
  ctx.translate(t.x, t.y);
  ctx.scale(t.scale, t.scale);
  const view = { x0: -t.x / t.scale, y0: -t.y / t.scale, x1: (size.width - t.x) / t.scale, y1: (size.height - t.y) / t.scale };
  const legible = LINE_HEIGHT * t.scale >= 7;
  let drawn = 0;

  for (const c of scene.clusters) {
    if (!visible(c.box, view)) continue;
    ctx.lineWidth = 1 / Math.max(t.scale, 0.5);
    if (c.kind === 'repeat') {
      ctx.fillStyle = 'rgba(25, 118, 210, 0.05)';
      ctx.strokeStyle = COLORS.repeat;
      ctx.setLineDash([6, 4]);
    } else {
      ctx.fillStyle = 'rgba(0, 0, 0, 0.025)';
      ctx.strokeStyle = COLORS.module;
      ctx.setLineDash([]);
    }
    ctx.fillRect(c.box.x, c.box.y, c.box.width, c.box.height);
    ctx.strokeRect(c.box.x, c.box.y, c.box.width, c.box.height);
    ctx.setLineDash([]);
    if (legible) {
      ctx.font = c.kind === 'repeat' ? BOLD : FONT;
      ctx.fillStyle = c.kind === 'repeat' ? COLORS.repeat : COLORS.muted;
      ctx.fillText(c.label, c.box.x + 8, c.box.y + 16);
    }
  }

  ctx.strokeStyle = COLORS.edge;
  ctx.fillStyle = COLORS.edge;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const arrows: [number, number, number, number][] = [];
  for (const [si, ti] of scene.edges) {
    const s = scene.nodes[si]!.box;
    const d = scene.nodes[ti]!.box;
    const x0 = s.x + s.width / 2;
    const y0 = s.y + s.height;
    const x1 = d.x + d.width / 2;
    const y1 = d.y;
    if (Math.max(x0, x1) < view.x0 || Math.min(x0, x1) > view.x1 || Math.max(y0, y1) < view.y0 || Math.min(y0, y1) > view.y1) continue;
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    arrows.push([x0, y0, x1, y1]);
  }
  ctx.stroke();
  if (t.scale > 0.25) {
    ctx.beginPath();
    for (const [x0, y0, x1, y1] of arrows) {
      const a = Math.atan2(y1 - y0, x1 - x0);
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - 7 * Math.cos(a - 0.4), y1 - 7 * Math.sin(a - 0.4));
      ctx.lineTo(x1 - 7 * Math.cos(a + 0.4), y1 - 7 * Math.sin(a + 0.4));
      ctx.closePath();
    }
    ctx.fill();
  }

  for (const n of scene.nodes) {
    const b = n.box;
    if (!visible(b, view)) continue;
    drawn++;
    const isRoot = n.id === scene.rootId;
    ctx.fillStyle = n.freed ? COLORS.freedFill : n.kind === 'leaf' ? COLORS.leaf : isRoot ? COLORS.root : COLORS.op;
    ctx.fillRect(b.x, b.y, b.width, b.height);
    const marked = hl.nodes.has(n.id);
    const selected = hl.selected === n.id;
    ctx.lineWidth = selected ? 3 : marked ? 2.5 : 1;
    ctx.strokeStyle = selected ? COLORS.selected : marked ? COLORS.highlight : n.freed ? COLORS.muted : '#757575';
    if (n.freed && !marked && !selected) ctx.setLineDash([4, 3]);
    ctx.strokeRect(b.x, b.y, b.width, b.height);
    ctx.setLineDash([]);
    if (!legible) continue;
    ctx.font = BOLD;
    ctx.fillStyle = n.freed ? COLORS.muted : COLORS.text;
    ctx.fillText(n.title, b.x + 10, b.y + 7 + 11, b.width - 14);
    ctx.font = FONT;
    ctx.fillStyle = n.freed ? COLORS.muted : '#424242';
    n.lines.forEach((line, i) => ctx.fillText(line, b.x + 10, b.y + 7 + 11 + (i + 1) * LINE_HEIGHT, b.width - 14));
  }
  ctx.restore();
  return drawn;
}
