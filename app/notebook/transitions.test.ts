import { describe, expect, it } from 'vitest';
import { describeNotebook } from './describe.ts';
import { makeCell, notebookFromCells } from './model.ts';
import {
  type NotebookState,
  advanceAfterRun,
  cellDisplay,
  cellError,
  cellResult,
  cellStream,
  changeCellType,
  clearAllOutputs,
  deleteCells,
  enterCommandMode,
  enterEditMode,
  insertCell,
  moveCell,
  openDoc,
  renderMarkdown,
  replaceDisplay,
  selectCell,
  selectRelative,
  setSource,
  startCellRun,
  undoDelete,
} from './transitions.ts';

function notebook(...sources: string[]): NotebookState {
  return openDoc(notebookFromCells(sources.map((s, i) => makeCell('code', s, `c${i}`))));
}

const text = describeNotebook;

describe('selection and modes', () => {
  it('moves the selection within bounds (arrows, J/K)', () => {
    let s = notebook('a', 'b', 'c');
    s = selectRelative(s, 1);
    s = selectRelative(s, 5);
    expect(text(s)).toBe('   [ ] code "a"\n   [ ] code "b"\n>  [ ] code "c"');
    expect(selectRelative(s, 1)).toBe(s);
    s = selectRelative(s, -10);
    expect(s.selectedId).toBe('c0');
  });

  it('enters edit mode and back; a markdown cell shows its source while edited', () => {
    let s = openDoc(notebookFromCells([makeCell('markdown', '# T', 'm'), makeCell('code', 'x', 'c')]));
    s = enterEditMode(s);
    expect(text(s)).toBe('>> md (editing) "# T"\n   [ ] code "x"');
    s = enterCommandMode(s);
    expect(text(s)).toBe('>  md (editing) "# T"\n   [ ] code "x"');
    s = renderMarkdown(s, 'm');
    expect(text(s)).toBe('>  md "# T"\n   [ ] code "x"');
    expect(selectCell(s, 'm')).toBe(s);
    expect(selectCell(s, 'nope')).toBe(s);
  });
});

describe('structure', () => {
  it('inserts above (A), below (B) and at the end, selecting the new cell', () => {
    let s = selectRelative(notebook('a', 'b'), 1);
    s = insertCell(s, 'above');
    s = setSource(s, s.selectedId!, 'above b');
    s = insertCell(s, 'below', 'markdown');
    s = setSource(s, s.selectedId!, 'md');
    s = insertCell(s, 'end');
    expect(text(s)).toBe(['   [ ] code "a"', '   [ ] code "above b"', '   md (editing) "md"', '   [ ] code "b"', '>  [ ] code ""'].join('\n'));
  });

  it('deletes (DD) selecting the next cell, and undoes the delete (Z) in place', () => {
    let s = selectRelative(notebook('a', 'b', 'c'), 1);
    s = deleteCells(s, ['c1']);
    expect(text(s)).toBe('   [ ] code "a"\n>  [ ] code "c"');
    s = deleteCells(s, ['c2']);
    expect(text(s)).toBe('>  [ ] code "a"');
    s = undoDelete(s);
    expect(text(s)).toBe('   [ ] code "a"\n>  [ ] code "c"');
    s = undoDelete(s);
    expect(text(s)).toBe('   [ ] code "a"\n>  [ ] code "b"\n   [ ] code "c"');
    expect(undoDelete(s)).toBe(s);
  });

  it('leaves one empty code cell when the last cell is deleted', () => {
    const s = deleteCells(notebook('only'), ['c0']);
    expect(text(s)).toBe('>  [ ] code ""');
    expect(s.trash.map((t) => t.cell.source)).toEqual(['only']);
  });

  it('keeps outputs of a deleted cell for undo', () => {
    let s = startCellRun(notebook('print(1)'), 'c0', 1);
    s = cellStream(s, 'c0', 'stdout', '1\n');
    s = undoDelete(deleteCells(s, ['c0']));
    expect(text(s)).toBe('>  [1] code "print(1)" | stdout "1\\n"\n   [ ] code ""');
  });

  it('moves a cell up and down within bounds', () => {
    let s = notebook('a', 'b', 'c');
    s = moveCell(s, 'c0', 1);
    s = moveCell(s, 'c0', 1);
    expect(text(s)).toBe('   [ ] code "b"\n   [ ] code "c"\n>  [ ] code "a"');
    expect(moveCell(s, 'c0', 1)).toBe(s);
  });

  it('changes type (M/Y): outputs and count go, a new markdown cell shows its source', () => {
    let s = startCellRun(notebook('# hi'), 'c0', 3);
    s = cellStream(s, 'c0', 'stdout', 'x');
    s = changeCellType(s, 'c0', 'markdown');
    expect(text(s)).toBe('>  md (editing) "# hi"');
    s = changeCellType(s, 'c0', 'code');
    expect(text(s)).toBe('>  [ ] code "# hi"');
    expect(changeCellType(s, 'c0', 'code')).toBe(s);
  });

  it('advances after Shift+Enter: next cell, or a new cell in edit mode at the end', () => {
    let s = notebook('a', 'b');
    s = advanceAfterRun(s, 'c0');
    expect(text(s)).toBe('   [ ] code "a"\n>  [ ] code "b"');
    s = advanceAfterRun(s, 'c1');
    expect(text(s)).toBe('   [ ] code "a"\n   [ ] code "b"\n>> [ ] code ""');
  });
});

describe('outputs of a run', () => {
  it('clears old outputs when a run starts and records results and errors', () => {
    let s = startCellRun(notebook('1'), 'c0', 1);
    s = cellResult(s, 'c0', { 'text/plain': '1' }, 1);
    s = startCellRun(s, 'c0', 2);
    s = cellStream(s, 'c0', 'stderr', 'warn\n');
    s = cellError(s, 'c0', { ename: 'ValueError', evalue: 'bad', traceback: ['ValueError: bad'] });
    expect(text(s)).toBe('>  [2] code "1" | stderr "warn\\n" | ValueError: bad');
    expect(text(clearAllOutputs(s))).toBe('>  [ ] code "1"');
  });

  it('replaces a display by id in whichever cell shows it (tqdm redraws)', () => {
    let s = notebook('bar', 'later');
    s = cellDisplay(s, 'c0', { 'text/plain': '0%' }, 'bar-1');
    s = cellDisplay(s, 'c0', { 'text/plain': 'other' });
    s = replaceDisplay(s, 'bar-1', { 'text/plain': '50%' });
    s = replaceDisplay(s, 'bar-1', { 'text/plain': '100%' });
    expect(text(s)).toBe('>  [ ] code "bar" | display#bar-1 "100%" | display "other"\n   [ ] code "later"');
    expect(replaceDisplay(s, 'unknown', {})).toBe(s);
  });

  it('leaves the state untouched when nothing changes', () => {
    const s = notebook('a');
    expect(setSource(s, 'c0', 'a')).toBe(s);
    expect(clearAllOutputs(s)).toBe(s);
    expect(enterCommandMode(s)).toBe(s);
  });
});
