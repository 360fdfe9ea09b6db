// Shows one MIME bundle (a display or an execute result) in its richest form.
import { memo, useMemo } from 'react';
import { type MimeBundle, TENSOR_MIME, type TensorSummary } from '../../engine/runtime/protocol.ts';
import { pickInspectMime, renderInspectOutput } from '../inspect/index.ts';
import { renderTex } from '../markdown/math.ts';
import { renderMarkdown } from '../markdown/render.ts';
import { sanitizeHtml } from '../markdown/sanitize.ts';
import { AnsiText } from './AnsiText.tsx';
import { pickMime } from './mime.ts';
import { PlotlyOutput } from './PlotlyOutput.tsx';
import { TensorInspector } from './TensorInspector.tsx';

export const MimeView = memo(function MimeView({ data, shown = true }: { data: MimeBundle; shown?: boolean }) {
  const inspectView = pickInspectMime(data);
  if (inspectView) return <>{renderInspectOutput(inspectView, data[inspectView])}</>;
  const mime = pickMime(data);
  const text = (m: string) => (typeof data[m] === 'string' ? (data[m] as string) : '');
  switch (mime) {
    case null:
      return <pre className="output-text output-muted">(an output with no displayable type: {Object.keys(data).join(', ')})</pre>;
    case 'application/vnd.plotly.v1+json':
      return shown ? <PlotlyOutput figure={data[mime] as { data?: unknown[]; layout?: Record<string, unknown> }} /> : <div className="output-plotly pending" aria-label="Figure" role="img" />;
    case TENSOR_MIME:
      return <TensorInspector repr={text('text/plain')} tensor={data[TENSOR_MIME] as TensorSummary} />;
    case 'text/html':
      return <SafeHtml className="output-html" html={text(mime)} />;
    case 'image/svg+xml':
      // As an <img>, an SVG cannot run scripts.
      return <img className="output-image" alt={text('text/plain') || 'SVG image'} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text(mime))}`} />;
    case 'image/png':
    case 'image/jpeg':
    case 'image/gif':
      return <img className="output-image" loading="lazy" alt={text('text/plain') || 'image output'} src={`data:${mime};base64,${text(mime).replace(/\s+/g, '')}`} />;
    case 'text/markdown':
      return <MarkdownOutput source={text(mime)} />;
    case 'text/latex':
      return <SafeHtml className="output-latex" html={renderTex(text(mime).trim().replace(/^\$\$?|\$\$?$/g, ''), true)} />;
    case 'text/plain':
      return <AnsiText text={text(mime)} className="output-text" />;
  }
});

function MarkdownOutput({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className="output-markdown rendered-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

function SafeHtml({ html, className }: { html: string; className: string }) {
  const safe = useMemo(() => sanitizeHtml(html), [html]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: safe }} />;
}
