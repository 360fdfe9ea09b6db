// A code cell's outputs, in order: streams, displays, the result, errors.
import { memo } from 'react';
import type { Output } from '../notebook/model.ts';
import { visibleStreamText } from '../notebook/stream_text.ts';
import { useApp } from '../store/context.tsx';
import { AnsiText } from './AnsiText.tsx';
import { MimeView } from './MimeView.tsx';
import { TracebackView } from './TracebackView.tsx';

/** `shown`: the cell is near the viewport; figures are drawn only then (Note [Lazy cells]). */
export const OutputArea = memo(function OutputArea({ cellId, shown }: { cellId: string; shown: boolean }) {
  const outputs = useApp((s) => s.notebook.doc.cells[cellId]?.outputs);
  if (!outputs || outputs.length === 0) return null;
  return (
    <div className="output-area" aria-label="Cell output" role="region">
      {outputs.map((o, i) => (
        <OutputView key={i} output={o} shown={shown} />
      ))}
    </div>
  );
});

const OutputView = memo(function OutputView({ output, shown }: { output: Output; shown: boolean }) {
  switch (output.type) {
    case 'stream':
      return (
        <div className="output-row">
          <div className="output-prompt" />
          <AnsiText text={visibleStreamText(output.text)} className={`output-text output-${output.name}`} />
        </div>
      );
    case 'display_data':
      return (
        <div className="output-row">
          <div className="output-prompt" />
          <MimeView data={output.data} shown={shown} />
        </div>
      );
    case 'execute_result':
      return (
        <div className="output-row">
          <div className="output-prompt">{output.executionCount !== null ? `Out[${output.executionCount}]:` : ''}</div>
          <MimeView data={output.data} shown={shown} />
        </div>
      );
    case 'error':
      return (
        <div className="output-row">
          <div className="output-prompt" />
          <TracebackView ename={output.ename} evalue={output.evalue} traceback={output.traceback} />
        </div>
      );
  }
});
