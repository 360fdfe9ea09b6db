// Messages for the user (a file that could not be opened, a dead kernel), with
// an optional action button.
import { useCommands } from '../services.tsx';
import { useApp, useStoreApi } from '../store/context.tsx';

export function Notices() {
  const notices = useApp((s) => s.ui.notices);
  const store = useStoreApi();
  const commands = useCommands();
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span className="notice-text">{n.text}</span>
          {n.action ? (
            <button
              type="button"
              onClick={() => {
                store.getState().dismissNotice(n.id);
                commands.runNoticeCommand(n.action!.command);
              }}
            >
              {n.action.label}
            </button>
          ) : null}
          <button type="button" className="notice-close" aria-label="Dismiss message" onClick={() => store.getState().dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
