import { describe, expect, it } from 'vitest';
import { type Chord, type CommandAction, commandKey } from './command_keys.ts';

/** Types keys ("d", "Shift+Enter", "Ctrl+s") at the given times; returns the actions. */
function press(...keys: (string | [string, number])[]): (CommandAction | null)[] {
  let pending: Chord | null = null;
  return keys.map((k) => {
    const [spec, at] = typeof k === 'string' ? [k, 0] : k;
    const parts = spec.split('+');
    const key = parts[parts.length - 1];
    const r = commandKey(pending, { key, shift: parts.includes('Shift'), mod: parts.includes('Ctrl'), alt: parts.includes('Alt') }, at);
    pending = r.pending;
    return r.action;
  });
}

describe("Jupyter's command-mode keys", () => {
  it('maps single keys', () => {
    expect(press('Enter', 'Shift+Enter', 'Ctrl+Enter', 'Alt+Enter')).toEqual(['edit', 'run-advance', 'run-in-place', 'run-insert-below']);
    expect(press('a', 'b', 'A', 'm', 'y', 'r', 'z', 'h')).toEqual(['insert-above', 'insert-below', 'insert-above', 'to-markdown', 'to-code', 'to-raw', 'undo-delete', 'shortcuts']);
    expect(press('ArrowUp', 'k', 'ArrowDown', 'j', 'Ctrl+s', 'Ctrl+Shift+ArrowUp')).toEqual(['select-up', 'select-up', 'select-down', 'select-down', 'save', 'move-up']);
  });

  it('needs D twice to delete, I twice to interrupt, 0 twice to restart', () => {
    expect(press('d', 'd')).toEqual([null, 'delete']);
    expect(press('i', 'i', '0', '0')).toEqual([null, 'interrupt', null, 'restart']);
    expect(press('d', 'j', 'd')).toEqual([null, 'select-down', null]);
    expect(press('d', 'i', 'd')).toEqual([null, null, null]);
  });

  it('forgets half a chord after a second', () => {
    expect(press(['d', 0], ['d', 1500])).toEqual([null, null]);
    expect(press(['d', 0], ['d', 900])).toEqual([null, 'delete']);
  });

  it('ignores keys it does not know and browser shortcuts', () => {
    expect(press('x', 'Ctrl+c', 'Alt+a', 'Shift+D')).toEqual([null, null, null, null]);
  });
});
