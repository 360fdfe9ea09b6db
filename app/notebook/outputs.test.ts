import { describe, expect, it } from 'vitest';
import { describeOutput } from './describe.ts';
import type { Output } from './model.ts';
import { appendDisplay, appendResult, appendStream, updateDisplay } from './outputs.ts';
import { applyTerminalControls, visibleStreamText } from './stream_text.ts';

function streams(...chunks: [('stdout' | 'stderr'), string][]): string {
  let outputs: Output[] = [];
  for (const [name, text] of chunks) outputs = appendStream(outputs, name, text);
  return outputs.map(describeOutput).join(' | ');
}

describe('stream coalescing', () => {
  it('merges consecutive chunks of the same stream into one output', () => {
    expect(streams(['stdout', 'a'], ['stdout', 'b\n'], ['stdout', 'c\n'])).toBe('stdout "ab\\nc\\n"');
  });

  it('starts a new output when the stream changes or another output comes between', () => {
    expect(streams(['stdout', '1\n'], ['stderr', 'w\n'], ['stdout', '2\n'])).toBe('stdout "1\\n" | stderr "w\\n" | stdout "2\\n"');
    let outputs = appendStream([], 'stdout', 'a\n');
    outputs = appendResult(outputs, { 'text/plain': '1' }, 1);
    outputs = appendStream(outputs, 'stdout', 'b\n');
    expect(outputs.map(describeOutput)).toEqual(['stdout "a\\n"', 'Out[1] "1"', 'stdout "b\\n"']);
  });

  it('overwrites a line after a carriage return, across chunks (progress counters)', () => {
    expect(streams(['stdout', 'epoch 1/3\r'], ['stdout', 'epoch 2/3\r'], ['stdout', 'epoch 3/3\n'], ['stdout', 'done\n'])).toBe(
      'stdout "epoch 3/3\\ndone\\n"',
    );
  });
});

describe('terminal control characters (as JupyterLab removeOverwrittenChars)', () => {
  it('overwrites character by character, keeping the longer tail', () => {
    expect(applyTerminalControls('abcdef\rxy')).toBe('xycdef');
    expect(applyTerminalControls('abc\rde\rf')).toBe('fec');
  });

  it('treats \\r\\n as a newline and keeps a trailing \\r pending', () => {
    expect(applyTerminalControls('a\r\nb\r\r\nc')).toBe('a\nb\nc');
    expect(applyTerminalControls('10%\r')).toBe('10%\r');
    expect(visibleStreamText('10%\r')).toBe('10%');
  });

  it('only touches the line the carriage return is on', () => {
    expect(applyTerminalControls('keep\nold line\rnew\nnext')).toBe('keep\nnew line\nnext');
  });

  it('deletes the character before a backspace, never a newline', () => {
    expect(applyTerminalControls('abc\b\bd')).toBe('ad');
    expect(applyTerminalControls('a\n\bb')).toBe('a\n\bb');
  });
});

describe('displays', () => {
  it('updates every display with the id and leaves others alone', () => {
    let outputs = appendDisplay([], { 'text/plain': 'a' }, 'p');
    outputs = appendDisplay(outputs, { 'text/plain': 'b' });
    const updated = updateDisplay(outputs, 'p', { 'text/plain': 'A' });
    expect(updated.map(describeOutput)).toEqual(['display#p "A"', 'display "b"']);
    expect(updateDisplay(outputs, 'q', {})).toBe(outputs);
  });
});
