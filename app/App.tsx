// The app shell: top bar, notebook list, notebook, inspector panel.
import { Suspense, lazy, useEffect } from 'react';
import { Notebook } from './cells/Notebook.tsx';
import { useCommands } from './services.tsx';
import { Notices } from './shell/Notices.tsx';
import { RightPanel } from './shell/RightPanel.tsx';
import { ShortcutsDialog } from './shell/ShortcutsDialog.tsx';
import { Sidebar } from './shell/Sidebar.tsx';
import { TopBar } from './shell/TopBar.tsx';
import { useApp } from './store/context.tsx';

// Authoring mode brings Monaco: its own chunk, loaded when an instructor opens it.
const AuthorView = lazy(() => import('./authoring/AuthorView.tsx'));

export function App() {
  const sidebarOpen = useApp((s) => s.ui.sidebarOpen);
  const authoring = useApp((s) => s.lessons.view === 'author');
  const commands = useCommands();

  // Ctrl+S anywhere saves (the editors and the notebook handle it themselves; this catches the rest).
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's' && !e.defaultPrevented) {
        e.preventDefault();
        void commands.save();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [commands]);

  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0];
        if (!file) return;
        e.preventDefault();
        void commands.openFile(file);
      }}
    >
      <TopBar />
      <div className="workspace">
        {sidebarOpen ? <Sidebar /> : null}
        <div className="notebook-column">
          <Notices />
          {authoring ? (
            <Suspense fallback={<p className="author-loading">Loading the lesson editor…</p>}>
              <AuthorView />
            </Suspense>
          ) : (
            <Notebook />
          )}
        </div>
        <RightPanel />
      </div>
      <ShortcutsDialog />
    </div>
  );
}
