// Authoring mode: the lesson text in Monaco, the format's diagnostics as
// editor markers and as a list, a live preview of what students will see, and
// save (an authored lesson in this browser) and export (.md).
import { useEffect, useMemo, useRef, useState } from 'react';
import { lintLesson, parseLesson, type Diagnostic } from '../../lessons/format/index.ts';
import { useLessonService } from '../lessons/context.tsx';
import { lessonOfNotebook } from '../lessons/lesson_notebook.ts';
import { useApp, useStoreApi } from '../store/context.tsx';
import { LessonPreview } from './LessonPreview.tsx';
import { diagnosticsToMarkers } from './markers.ts';
import { type Monaco, loadMonaco } from './monaco.ts';
import { NEW_LESSON } from './template.ts';
import './authoring.css';

type Editor = ReturnType<Monaco['editor']['create']>;

const PREVIEW_DELAY_MS = 250;
const MARKER_OWNER = 'glassgrad-lesson';

/** The text the editor starts with: the open lesson's, else the first listed lesson's, else a template. */
function startingText(state: ReturnType<ReturnType<typeof useStoreApi>['getState']>): { source: string; fileName: string } {
  const open = lessonOfNotebook(state.notebook.doc);
  const entry = state.lessons.catalog.find((e) => e.id === open?.id && e.origin === open?.origin) ?? state.lessons.catalog[0];
  return entry ? { source: entry.source, fileName: entry.fileName } : { source: NEW_LESSON, fileName: 'new-lesson.md' };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export default function AuthorView() {
  const store = useStoreApi();
  const service = useLessonService();
  const authoring = useApp((s) => s.lessons.authoring);
  const catalog = useApp((s) => s.lessons.catalog);
  const setAuthoring = useApp((s) => s.setAuthoring);
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (!store.getState().lessons.authoring) setAuthoring(startingText(store.getState()));
  }, [store, setAuthoring]);

  const source = authoring?.source ?? '';
  const settled = useDebounced(source, PREVIEW_DELAY_MS);
  const checked = useMemo(() => ({ lesson: parseLesson(settled).lesson, diagnostics: lintLesson(settled) }), [settled]);

  const editor = useRef<Editor | null>(null);
  const monacoRef = useRef<Monaco | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const loaded = authoring !== null;

  useEffect(() => {
    if (!loaded) return;
    let disposed = false;
    loadMonaco()
      .then((monaco) => {
        if (disposed || !host.current) return;
        monacoRef.current = monaco;
        const instance = monaco.editor.create(host.current, {
          value: store.getState().lessons.authoring?.source ?? '',
          language: 'markdown',
          automaticLayout: true,
          minimap: { enabled: false },
          wordWrap: 'on',
          fontSize: 13,
          scrollBeyondLastLine: false,
          ariaLabel: 'Lesson source',
        });
        instance.onDidChangeModelContent(() => {
          const current = store.getState().lessons.authoring;
          store.getState().setAuthoring({ fileName: current?.fileName ?? 'lesson.md', source: instance.getValue() });
        });
        editor.current = instance;
        setReady(true);
      })
      .catch((e: Error) => setLoadError(`The editor could not be loaded: ${e.message}`));
    return () => {
      disposed = true;
      editor.current?.getModel()?.dispose();
      editor.current?.dispose();
      editor.current = null;
      setReady(false);
    };
  }, [loaded, store]);

  // A text set from outside the editor (another lesson picked, a canonical save) replaces the editor's.
  useEffect(() => {
    const instance = editor.current;
    if (instance && instance.getValue() !== source) instance.setValue(source);
  }, [source]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (model && monacoRef.current) monacoRef.current.editor.setModelMarkers(model, MARKER_OWNER, diagnosticsToMarkers(checked.diagnostics));
  }, [checked, ready]);

  const goTo = (d: Diagnostic) => {
    editor.current?.revealLineInCenter(d.line);
    editor.current?.setPosition({ lineNumber: d.line, column: d.column });
    editor.current?.focus();
  };
  const errors = checked.diagnostics.filter((d) => d.severity === 'error').length;

  return (
    <main className="author-view" aria-label="Lesson authoring">
      <div className="author-toolbar" role="toolbar" aria-label="Authoring actions">
        <label>
          Lesson{' '}
          <select
            aria-label="Lesson to edit"
            value=""
            onChange={(e) => {
              const value = e.target.value;
              const entry = catalog.find((c) => `${c.origin}:${c.id}` === value);
              if (value === 'new') setAuthoring({ source: NEW_LESSON, fileName: 'new-lesson.md' });
              else if (entry) setAuthoring({ source: entry.source, fileName: entry.fileName });
            }}
          >
            <option value="">{authoring?.fileName ?? '…'}</option>
            <option value="new">New lesson</option>
            {catalog.map((c) => (
              <option key={`${c.origin}:${c.id}`} value={`${c.origin}:${c.id}`}>
                {c.title}
                {c.origin === 'authored' ? ' (authored)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!service || !authoring}
          onClick={async () => {
            if (!service || !authoring) return;
            const result = await service.saveAuthored(authoring.source);
            if (result.saved) {
              const id = parseLesson(result.source).lesson.id;
              setAuthoring({ source: result.source, fileName: `${id}.md` });
              setStatus(`Saved "${id}" in this browser: it is in the lesson list.`);
            } else setStatus(`Not saved: line ${result.error.line}: ${result.error.message}`);
          }}
        >
          Save
        </button>
        <button type="button" disabled={!service || !authoring} onClick={() => authoring && service?.exportLessonSource(authoring.source, `${checked.lesson.id || 'lesson'}.md`)}>
          Export .md
        </button>
        <button type="button" onClick={() => store.getState().showView('notebook')}>
          Back to notebook
        </button>
        <span className="author-status" role="status">
          {status}
        </span>
      </div>
      <div className="author-panes">
        <div className="author-editor-pane">
          {loadError ? <p className="author-error">{loadError}</p> : null}
          <div className="author-editor" ref={host} data-testid="lesson-editor" />
          <section className="lesson-diagnostics" aria-label="Problems">
            <h3>
              Problems: {errors} error{errors === 1 ? '' : 's'}, {checked.diagnostics.length - errors} other
            </h3>
            <ul>
              {checked.diagnostics.map((d, i) => (
                <li key={i} className={`diagnostic-${d.severity}`} data-severity={d.severity}>
                  <button type="button" onClick={() => goTo(d)}>
                    {d.line}:{d.column} {d.severity}: {d.message}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div className="author-preview-pane">
          <LessonPreview lesson={checked.lesson} />
        </div>
      </div>
    </main>
  );
}
