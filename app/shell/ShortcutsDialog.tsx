// The keyboard shortcuts, as Jupyter's H shows them.
import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../keyboard/command_keys.ts';
import { useApp, useStoreApi } from '../store/context.tsx';

export function ShortcutsDialog() {
  const open = useApp((s) => s.ui.shortcutsOpen);
  const store = useStoreApi();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeButton.current?.focus();
  }, [open]);
  if (!open) return null;
  const close = () => store.getState().setShortcutsOpen(false);
  return (
    <div className="dialog-backdrop" onMouseDown={close}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        {SHORTCUTS.map((group) => (
          <section key={group.mode}>
            <h3>{group.mode}</h3>
            <dl>
              {group.keys.map(([keys, what]) => (
                <div key={keys}>
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <button type="button" ref={closeButton} onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}
