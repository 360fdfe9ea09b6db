import { describe, expect, it } from 'vitest';
import { makeCell, notebookFromCells } from '../notebook/model.ts';
import { ansiSegments, stripAnsi } from './ansi.ts';
import { formatBytes, formatDuration } from './format.ts';
import { cellLineIn, resolveCellRef } from './traceback.ts';

describe('ANSI colours', () => {
  it('turns SGR codes into classed segments and resets', () => {
    expect(ansiSegments('\x1b[0;31mValueError\x1b[0m: bad')).toEqual([
      { text: 'ValueError', className: 'ansi-red-fg' },
      { text: ': bad', className: '' },
    ]);
    expect(ansiSegments('\x1b[1;92mok\x1b[22m!\x1b[39m')).toEqual([
      { text: 'ok', className: 'ansi-green-intense-fg ansi-bold' },
      { text: '!', className: 'ansi-green-intense-fg' },
    ]);
  });

  it('drops other escape sequences and 256-colour codes', () => {
    expect(ansiSegments('\x1b[38;5;28;01mtry\x1b[39;00m\x1b[2K')).toEqual([{ text: 'try', className: 'ansi-bold' }]);
    expect(stripAnsi('\x1b[31ma\x1b[0mb')).toBe('ab');
  });
});

describe('traceback links', () => {
  it('finds cell frames in our tracebacks and IPython ones', () => {
    expect(cellLineIn('  File "<cell 3>", line 2, in <module>')).toEqual({ count: 3, line: 2 });
    expect(cellLineIn('\x1b[0;32mCell In[12], line 5\x1b[0m')).toEqual({ count: 12, line: 5 });
    expect(cellLineIn('  File "/lib/torch/nn.py", line 9, in forward')).toBeNull();
  });

  it('resolves a cell name through this session, else by execution count', () => {
    const doc = notebookFromCells([{ ...makeCell('code', 'a', 'x'), executionCount: 3 }, makeCell('code', 'b', 'y')]);
    expect(resolveCellRef({ count: 3, line: 1 }, { '<cell 3>': 'y' }, doc)).toBe('y');
    expect(resolveCellRef({ count: 3, line: 1 }, {}, doc)).toBe('x');
    expect(resolveCellRef({ count: 9, line: 1 }, { '<cell 9>': 'gone' }, doc)).toBeNull();
  });
});

describe('formats', () => {
  it('formats bytes and durations', () => {
    expect([formatBytes(24), formatBytes(1536), formatBytes(3 * 1024 * 1024)]).toEqual(['24 B', '1.5 KiB', '3.0 MiB']);
    expect([formatDuration(12.4), formatDuration(3400), formatDuration(125_000)]).toEqual(['12ms', '3.4s', '2m 05s']);
  });
});
