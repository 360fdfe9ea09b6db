// Highlights one line of a cell (where a traceback points) until the cell is edited.
import { type Extension, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';

const setFlash = StateEffect.define<number | null>();
const flashLine = Decoration.line({ class: 'cm-traceback-line' });

const flashField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setFlash)) return e.value === null ? Decoration.none : Decoration.set([flashLine.range(e.value)]);
    return tr.docChanged ? Decoration.none : value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export function lineFlash(): Extension {
  return flashField;
}

/** Puts the cursor on 1-based `line`, scrolls to it and highlights it. */
export function showLine(view: EditorView, line: number): void {
  const doc = view.state.doc;
  const target = doc.line(Math.max(1, Math.min(doc.lines, line)));
  view.dispatch({ selection: { anchor: target.from }, effects: [setFlash.of(target.from), EditorView.scrollIntoView(target.from, { y: 'center' })] });
  view.focus();
}
