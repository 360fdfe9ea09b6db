// The graph on a canvas: drag to pan, wheel to zoom, click a node to select it.
// Drawing happens at most once per animation frame, whatever changed.
import { useEffect, useRef } from 'react';
import { drawScene, type Highlight } from './draw.ts';
import { fitTransform, hitTest, zoomAt, type Scene, type Transform } from './scene.ts';

interface Props {
  scene: Scene;
  highlight: Highlight;
  onSelect(node: number | null): void;
  /** Height of the drawing area in CSS pixels. */
  height?: number;
}

export function GraphCanvas({ scene, highlight, onSelect, height = 420 }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const state = useRef({
    transform: { x: 0, y: 0, scale: 1 } as Transform,
    /** Until the user pans or zooms, every new layout is fitted to the view. */
    follow: true,
    frame: 0,
    size: { width: 0, height },
    scene,
    highlight,
  });

  const redraw = () => {
    const s = state.current;
    if (s.frame) return;
    s.frame = requestAnimationFrame(() => {
      s.frame = 0;
      const canvas = canvasRef.current;
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return;
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const drawn = drawScene(ctx, s.scene, s.transform, s.size, s.highlight);
      canvas.dataset.drawn = String(drawn);
    });
  };

  useEffect(() => {
    const s = state.current;
    s.scene = scene;
    s.highlight = highlight;
    if (s.follow && s.size.width > 0) s.transform = fitTransform(scene, s.size);
    redraw();
  }, [scene, highlight]);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const s = state.current;
    const resize = () => {
      const width = canvas.parentElement?.clientWidth ?? 300;
      const dpr = window.devicePixelRatio || 1;
      s.size = { width, height };
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      if (s.follow) s.transform = fitTransform(s.scene, s.size);
      redraw();
    };
    resize();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null;
    if (canvas.parentElement) observer?.observe(canvas.parentElement);

    let drag: { x: number; y: number; moved: boolean } | null = null;
    const point = (e: { clientX: number; clientY: number }) => {
      const r = canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const down = (e: PointerEvent) => {
      drag = { ...point(e), moved: false };
      try {
        canvas.setPointerCapture(e.pointerId);
      } catch {
        // a synthetic pointer (tests, benchmarks) cannot be captured
      }
    };
    const move = (e: PointerEvent) => {
      if (!drag) return;
      const p = point(e);
      const dx = p.x - drag.x;
      const dy = p.y - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 3) return;
      drag = { ...p, moved: true };
      s.follow = false;
      s.transform = { ...s.transform, x: s.transform.x + dx, y: s.transform.y + dy };
      redraw();
    };
    const up = (e: PointerEvent) => {
      if (drag && !drag.moved) {
        const p = point(e);
        const hit = hitTest(s.scene, s.transform, p.x, p.y);
        onSelectRef.current(hit ? hit.node : null);
      }
      drag = null;
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const p = point(e);
      s.follow = false;
      s.transform = zoomAt(s.transform, Math.exp(-e.deltaY * 0.0015), p.x, p.y);
      redraw();
    };
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('wheel', wheel, { passive: false });
    return () => {
      observer?.disconnect();
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('wheel', wheel);
      if (s.frame) cancelAnimationFrame(s.frame);
      s.frame = 0;
    };
  }, [height]);

  const fit = () => {
    const s = state.current;
    s.follow = true;
    s.transform = fitTransform(s.scene, s.size);
    redraw();
  };

  return (
    <div className="graph-canvas">
      <canvas ref={canvasRef} role="img" aria-label={`Autograd graph: ${scene.nodes.length} boxes drawn`} data-boxes={scene.nodes.length} />
      <button type="button" className="graph-fit" onClick={fit} title="Fit the graph to the view">
        Fit
      </button>
    </div>
  );
}
