// The left sidebar: lessons, the notebooks kept in this browser, New, and Open file.
import { useRef } from 'react';
import { LessonList } from '../lessons/LessonList.tsx';
import { useLessonService } from '../lessons/context.tsx';
import { useCommands } from '../services.tsx';
import { useApp } from '../store/context.tsx';

export function Sidebar() {
  const library = useApp((s) => s.ui.library);
  const openId = useApp((s) => s.notebook.doc.id);
  const commands = useCommands();
  const fileInput = useRef<HTMLInputElement>(null);
  const lessons = useLessonService();
  return (
    <nav className="sidebar" aria-label="Notebooks">
      <div className="sidebar-actions">
        <button type="button" onClick={() => void commands.newNotebook()}>
          New notebook
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} title="Open a Jupyter notebook (.ipynb) or a lesson (.md) from your computer">
          Open file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept={lessons ? '.ipynb,application/x-ipynb+json,.md,text/markdown' : '.ipynb,application/x-ipynb+json'}
          aria-label="Open .ipynb file"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file && lessons && /\.md$/i.test(file.name)) void lessons.openFile(file);
            else if (file) void commands.openFile(file);
          }}
        />
      </div>
      <LessonList />
      <h2 className="sidebar-heading">In this browser</h2>
      <ul className="notebook-list">
        {library.map((nb) => (
          <li key={nb.id} className={nb.id === openId ? 'current' : undefined}>
            <button type="button" className="notebook-link" aria-current={nb.id === openId ? 'page' : undefined} onClick={() => void commands.openNotebook(nb.id)}>
              <span className="notebook-title">{nb.title}</span>
              <time dateTime={new Date(nb.updatedAt).toISOString()}>{formatWhen(nb.updatedAt)}</time>
            </button>
            <button
              type="button"
              className="notebook-delete"
              aria-label={`Delete ${nb.title}`}
              title={`Delete "${nb.title}" from this browser`}
              onClick={() => {
                if (window.confirm(`Delete "${nb.title}" from this browser? Download it first if you want to keep it.`)) void commands.deleteNotebook(nb.id);
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function formatWhen(ms: number): string {
  const date = new Date(ms);
  const today = new Date();
  return date.toDateString() === today.toDateString() ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : date.toLocaleDateString();
}
