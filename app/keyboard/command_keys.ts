// Jupyter's command-mode keys as a pure function: (pending chord, key press) →
// action. Double keys (D D delete, I I interrupt, 0 0 restart) complete within
// a second, as JupyterLab's chords do.
export type CommandAction =
  | 'edit'
  | 'run-advance'
  | 'run-in-place'
  | 'run-insert-below'
  | 'select-up'
  | 'select-down'
  | 'insert-above'
  | 'insert-below'
  | 'delete'
  | 'undo-delete'
  | 'to-code'
  | 'to-markdown'
  | 'to-raw'
  | 'move-up'
  | 'move-down'
  | 'interrupt'
  | 'restart'
  | 'save'
  | 'shortcuts';

export interface KeyPress {
  key: string;
  shift: boolean;
  /** Ctrl, or Cmd on a Mac. */
  mod: boolean;
  alt: boolean;
}

export interface Chord {
  key: string;
  at: number;
}

const CHORD_MS = 1000;
const CHORDS: Record<string, CommandAction> = { d: 'delete', i: 'interrupt', '0': 'restart' };

export function commandKey(pending: Chord | null, press: KeyPress, now: number): { action: CommandAction | null; pending: Chord | null } {
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (key === 'Enter') {
    if (press.shift) return done('run-advance');
    if (press.mod) return done('run-in-place');
    if (press.alt) return done('run-insert-below');
    return done('edit');
  }
  if (press.mod) {
    if (key === 's') return done('save');
    if (press.shift && key === 'ArrowUp') return done('move-up');
    if (press.shift && key === 'ArrowDown') return done('move-down');
    return done(null);
  }
  if (press.alt) return done(null);
  if (key in CHORDS && !press.shift) {
    if (pending?.key === key && now - pending.at <= CHORD_MS) return done(CHORDS[key]);
    return { action: null, pending: { key, at: now } };
  }
  switch (key) {
    case 'ArrowUp':
    case 'k':
      return done('select-up');
    case 'ArrowDown':
    case 'j':
      return done('select-down');
    case 'a':
      return done('insert-above');
    case 'b':
      return done('insert-below');
    case 'z':
      return done('undo-delete');
    case 'y':
      return done('to-code');
    case 'm':
      return done('to-markdown');
    case 'r':
      return done('to-raw');
    case 'h':
      return done('shortcuts');
    default:
      return done(null);
  }
}

function done(action: CommandAction | null) {
  return { action, pending: null };
}

/** The shortcuts dialog's list: [keys, what they do]. */
export const SHORTCUTS: { mode: 'Command mode (press Esc)' | 'Edit mode (press Enter)'; keys: [string, string][] }[] = [
  {
    mode: 'Command mode (press Esc)',
    keys: [
      ['Enter', 'edit the selected cell'],
      ['Shift+Enter', 'run, select the next cell'],
      ['Ctrl+Enter', 'run the selected cell'],
      ['Alt+Enter', 'run, insert a cell below'],
      ['↑ / K, ↓ / J', 'select the cell above / below'],
      ['A / B', 'insert a cell above / below'],
      ['D D', 'delete the selected cell'],
      ['Z', 'undo the last cell deletion'],
      ['Y / M / R', 'make the cell Code / Markdown / Raw'],
      ['Ctrl+Shift+↑ / ↓', 'move the cell up / down'],
      ['I I', 'interrupt the kernel'],
      ['0 0', 'restart the kernel'],
      ['Ctrl+S', 'save'],
      ['H', 'show these shortcuts'],
    ],
  },
  {
    mode: 'Edit mode (press Enter)',
    keys: [
      ['Esc', 'command mode'],
      ['Shift+Enter', 'run, select the next cell'],
      ['Ctrl+Enter', 'run the cell'],
      ['Alt+Enter', 'run, insert a cell below'],
      ['Tab', 'complete, or indent'],
      ['Shift+Tab', 'dedent'],
      ['Ctrl+Z / Ctrl+Shift+Z', 'undo / redo typing'],
      ['Ctrl+/', 'comment or uncomment lines'],
    ],
  },
];
