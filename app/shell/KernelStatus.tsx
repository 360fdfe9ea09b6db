// The kernel's state in the top bar: a progress bar while Python starts,
// idle/busy, and a Restart offer when the kernel is dead.
import { useCommands } from '../services.tsx';
import { useApp } from '../store/context.tsx';

const LABEL = { starting: 'Kernel starting', idle: 'Kernel idle', busy: 'Kernel busy', dead: 'Kernel dead' } as const;

export function KernelStatus() {
  const status = useApp((s) => s.kernel.status);
  const startup = useApp((s) => s.kernel.startup);
  const commands = useCommands();
  return (
    <div className={`kernel-status kernel-${status}`} data-kernel-status={status}>
      <span className="kernel-dot" aria-hidden="true" />
      <span role="status" aria-live="polite">
        {LABEL[status]}
        {status === 'starting' && startup ? ` — ${startup.phase}` : ''}
      </span>
      {status === 'starting' ? <progress className="kernel-progress" max={1} value={startup?.fraction ?? undefined} aria-label="Python start-up progress" /> : null}
      {status === 'dead' ? (
        <button type="button" className="danger" onClick={() => void commands.restart()} title="Start a fresh kernel; the notebook stays as it is">
          Restart kernel
        </button>
      ) : null}
    </div>
  );
}
