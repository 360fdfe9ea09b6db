// A Plotly figure (what matplotlib calls become). Plotly is large, so it loads
// as its own chunk the first time a figure is shown.
import { useEffect, useRef, useState } from 'react';

interface Figure {
  data?: unknown[];
  layout?: Record<string, unknown>;
}

export function PlotlyOutput({ figure }: { figure: Figure }) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let plotted: HTMLDivElement | null = null;
    let plotly: { purge(el: HTMLElement): void } | null = null;
    import('plotly.js-dist-min')
      .then((module) => {
        const Plotly = (module as unknown as { default?: typeof module }).default ?? module;
        if (cancelled || !host.current) return;
        plotly = Plotly;
        plotted = host.current;
        return Plotly.react(plotted, (figure.data ?? []) as Plotly.Data[], { autosize: true, ...(figure.layout ?? {}) } as Partial<Plotly.Layout>, {
          responsive: true,
          displaylogo: false,
        }).then(() => !cancelled && setDrawn(true));
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      if (plotly && plotted) plotly.purge(plotted);
    };
  }, [figure]);
  if (error) return <pre className="output-text output-stderr">Could not draw the figure: {error}</pre>;
  // Plotly owns the host's children; React's loading line sits beside it.
  return (
    <div className="output-plotly-wrap" role="img" aria-label={figureTitle(figure)} aria-busy={!drawn}>
      {drawn ? null : <span className="output-plotly-loading">Drawing the figure…</span>}
      <div className="output-plotly" ref={host} />
    </div>
  );
}

function figureTitle(figure: Figure): string {
  const title = figure.layout?.title;
  const text = typeof title === 'string' ? title : (title as { text?: string } | undefined)?.text;
  return text ? `Figure: ${text}` : 'Figure';
}
