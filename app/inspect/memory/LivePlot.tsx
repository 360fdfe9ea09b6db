// A Plotly chart that follows a changing figure: Plotly loads once, lazily (it
// is large), and later figures update the same chart with Plotly.react —
// at most a few times a second while data streams in.
import { useEffect, useRef, useState } from 'react';
import type { Figure } from './figure.ts';

type PlotlyModule = {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  purge(el: HTMLElement): void;
};

let plotly: Promise<PlotlyModule> | null = null;
function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= import('plotly.js-dist-min').then((m) => (m as unknown as { default?: PlotlyModule }).default ?? (m as unknown as PlotlyModule));
  return plotly;
}

const MIN_INTERVAL_MS = 250;

export function LivePlot({ figure, label }: { figure: Figure; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const state = useRef({ last: -Infinity, timer: null as ReturnType<typeof setTimeout> | null, figure, mounted: true, drawn: false });
  const [error, setError] = useState<string | null>(null);
  state.current.figure = figure;

  useEffect(() => {
    const s = state.current;
    s.mounted = true;
    return () => {
      s.mounted = false;
      if (s.timer) clearTimeout(s.timer);
      const el = host.current;
      if (el && s.drawn) void loadPlotly().then((P) => P.purge(el));
    };
  }, []);

  useEffect(() => {
    const s = state.current;
    const draw = () => {
      s.timer = null;
      s.last = performance.now();
      loadPlotly()
        .then((P) => {
          const el = host.current;
          if (!s.mounted || !el) return;
          s.drawn = true;
          return P.react(el, s.figure.data, { autosize: true, ...s.figure.layout }, { responsive: true, displaylogo: false }).then(() => {
            el.dataset.plotted = String(Number(el.dataset.plotted ?? 0) + 1);
          });
        })
        .catch((e: unknown) => s.mounted && setError(e instanceof Error ? e.message : String(e)));
    };
    if (s.timer) return; // a draw is due: it takes the latest figure
    const wait = MIN_INTERVAL_MS - (performance.now() - s.last);
    if (wait <= 0) draw();
    else s.timer = setTimeout(draw, wait);
  }, [figure]);

  if (error) return <pre className="output-text output-stderr">Could not draw the chart: {error}</pre>;
  return <div className="memory-plot" ref={host} role="img" aria-label={label} />;
}
