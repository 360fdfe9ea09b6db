// What a cell shows, by type: code (prompt, lazily mounted editor, outputs),
// Markdown (rendered, or its source while edited), raw (plain text).
import { useMemo, useRef, useState } from 'react';
import { CellEditor } from '../editor/CellEditor.tsx';
import { renderMarkdown } from '../markdown/render.ts';
import { OutputArea } from '../outputs/OutputArea.tsx';
import { useApp, useStoreApi } from '../store/context.tsx';
import { Prompt } from './Prompt.tsx';
import { StaticCode } from './StaticCode.tsx';
import { useIdleNearViewport } from './visibility.ts';

/** `shown`: the cell has come near the viewport (Note [Lazy cells]). */
interface BodyProps {
  cellId: string;
  index: number;
  shown: boolean;
}

/** The editor once the cell is edited or idle near the viewport; a static copy before (Note [Lazy cells]). */
function LazySource({ cellId, language, label, shown }: { cellId: string; language: 'python' | 'raw'; label: string; shown: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const near = useIdleNearViewport(ref);
  const editing = useApp((s) => s.notebook.selectedId === cellId && s.notebook.mode === 'edit');
  const [mounted, setMounted] = useState(false);
  if ((near || editing) && !mounted) setMounted(true);
  return (
    <div className="cell-input" ref={ref}>
      {mounted ? <CellEditor cellId={cellId} language={language} label={label} /> : <StaticSource cellId={cellId} language={language} plain={!shown} />}
    </div>
  );
}

function StaticSource({ cellId, language, plain }: { cellId: string; language: 'python' | 'raw'; plain: boolean }) {
  const source = useApp((s) => s.notebook.doc.cells[cellId]?.source ?? '');
  const store = useStoreApi();
  return (
    <div className="cell-static-host" onClick={() => store.getState().enterEditMode(cellId)}>
      <StaticCode source={source} language={language} plain={plain} />
    </div>
  );
}

export function CodeCellBody({ cellId, index, shown }: BodyProps) {
  return (
    <>
      <div className="cell-row">
        <Prompt cellId={cellId} />
        <LazySource cellId={cellId} language="python" label={`Code of cell ${index + 1}`} shown={shown} />
      </div>
      <OutputArea cellId={cellId} shown={shown} />
    </>
  );
}

export function RawCellBody({ cellId, index, shown }: BodyProps) {
  return (
    <div className="cell-row">
      <div className="cell-prompt">raw</div>
      <LazySource cellId={cellId} language="raw" label={`Raw text of cell ${index + 1}`} shown={shown} />
    </div>
  );
}

export function MarkdownCellBody({ cellId, index, shown }: BodyProps) {
  const editing = useApp((s) => !!s.notebook.editingMarkdown[cellId]);
  return (
    <div className="cell-row">
      <div className="cell-prompt" />
      {editing ? (
        <div className="cell-input">
          <CellEditor cellId={cellId} language="markdown" label={`Markdown of cell ${index + 1}`} />
        </div>
      ) : shown ? (
        <RenderedMarkdown cellId={cellId} />
      ) : (
        <MarkdownSource cellId={cellId} />
      )}
    </div>
  );
}

/** A far-offscreen Markdown cell: its text, unrendered, until it comes near (Note [Lazy cells]). */
function MarkdownSource({ cellId }: { cellId: string }) {
  const source = useApp((s) => s.notebook.doc.cells[cellId]?.source ?? '');
  return <div className="rendered-markdown markdown-pending">{source}</div>;
}

function RenderedMarkdown({ cellId }: { cellId: string }) {
  const source = useApp((s) => s.notebook.doc.cells[cellId]?.source ?? '');
  const attachments = useApp((s) => s.notebook.doc.cells[cellId]?.attachments);
  const store = useStoreApi();
  const html = useMemo(() => renderMarkdown(source, attachments), [source, attachments]);
  const edit = () => store.getState().enterEditMode(cellId);
  if (source.trim() === '') {
    return (
      <div className="rendered-markdown empty" onDoubleClick={edit}>
        Empty Markdown cell — double-click to edit
      </div>
    );
  }
  return <div className="rendered-markdown" onDoubleClick={edit} dangerouslySetInnerHTML={{ __html: html }} />;
}
