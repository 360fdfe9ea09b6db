// A cell's editor as a list of CodeMirror extensions, one concern each:
// language, editing helpers, the notebook's keys, completion, store sync.
import { acceptCompletion, autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion, completionKeymap, completionStatus, startCompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentLess, indentMore, toggleComment } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { EditorState, type Extension, Prec } from '@codemirror/state';
import { EditorView, drawSelection, highlightSpecialChars, keymap, placeholder, tooltips } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { type CompleteFn, kernelCompletionSource } from './completion.ts';
import { lineFlash } from './line_flash.ts';

export interface CellKeyHandlers {
  runAndAdvance(): void;
  runInPlace(): void;
  runAndInsertBelow(): void;
  /** Esc: leave the editor for command mode. */
  commandMode(): void;
  /** ↑ on the first line / ↓ on the last line: go to the neighbouring cell. */
  leave(direction: -1 | 1): void;
  save(): void;
}

export interface CellEditorConfig {
  language: 'python' | 'markdown' | 'raw';
  keys: CellKeyHandlers;
  onChange(source: string): void;
  onFocus(): void;
  complete?: CompleteFn;
  label: string;
}

export function cellEditorExtensions(config: CellEditorConfig): Extension[] {
  const { keys } = config;
  const extensions: Extension[] = [
    history(),
    drawSelection(),
    highlightSpecialChars(),
    EditorState.tabSize.of(4),
    indentUnit.of('    '),
    EditorState.allowMultipleSelections.of(true),
    lineFlash(),
    // Completion popups live in <body>: cells contain their paint (content-visibility) and would clip them.
    tooltips({ parent: document.body }),
    EditorView.contentAttributes.of({ 'aria-label': config.label }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) config.onChange(update.state.doc.toString());
    }),
    // The DOM focus event, not the update's focusChanged: that one arrives a
    // moment later and could undo an Esc pressed in between.
    EditorView.domEventHandlers({ focus: () => void config.onFocus() }),
  ];
  // Esc closes a visible completion list; otherwise it leaves the editor, even while
  // a completion request is still pending (which would swallow it otherwise).
  extensions.push(
    Prec.highest(
      keymap.of([
        {
          key: 'Escape',
          run: (view) => {
            if (completionStatus(view.state) === 'active') return closeCompletion(view);
            closeCompletion(view);
            // Leave at once: the cell takes the focus a frame later, and a key typed meanwhile must not land here.
            view.contentDOM.blur();
            keys.commandMode();
            return true;
          },
        },
      ]),
    ),
  );
  if (config.language === 'python') {
    extensions.push(
      python(),
      syntaxHighlighting(classHighlighter),
      bracketMatching(),
      closeBrackets(),
      indentOnInput(),
      autocompletion({ override: config.complete ? [kernelCompletionSource(config.complete)] : [], activateOnTyping: true, icons: true }),
    );
  } else {
    extensions.push(EditorView.lineWrapping, placeholder(config.language === 'markdown' ? 'Markdown: text, $math$, **bold**…' : 'Raw text'));
  }
  extensions.push(
    Prec.high(
      keymap.of([
        { key: 'Shift-Enter', run: () => (keys.runAndAdvance(), true) },
        { key: 'Mod-Enter', run: () => (keys.runInPlace(), true) },
        { key: 'Alt-Enter', run: () => (keys.runAndInsertBelow(), true) },
        { key: 'Mod-s', run: () => (keys.save(), true), preventDefault: true },
        { key: 'ArrowUp', run: (view) => atEdge(view, -1) && (keys.leave(-1), true) },
        { key: 'ArrowDown', run: (view) => atEdge(view, 1) && (keys.leave(1), true) },
        {
          key: 'Tab',
          run: (view) => {
            if (completionStatus(view.state) === 'active') return acceptCompletion(view);
            if (config.language === 'python' && afterName(view)) return startCompletion(view);
            return indentMore(view);
          },
          shift: indentLess,
        },
        { key: 'Mod-/', run: toggleComment },
      ]),
    ),
    keymap.of([...closeBracketsKeymap, ...completionKeymap, ...defaultKeymap, ...historyKeymap]),
  );
  return extensions;
}

/** True when the cursor is on the first (-1) or last (+1) line with nothing selected. */
function atEdge(view: EditorView, direction: -1 | 1): boolean {
  const sel = view.state.selection.main;
  if (!sel.empty || completionStatus(view.state) === 'active') return false;
  const line = view.state.doc.lineAt(sel.head).number;
  return direction < 0 ? line === 1 : line === view.state.doc.lines;
}

function afterName(view: EditorView): boolean {
  const sel = view.state.selection.main;
  return sel.empty && /[\w.]$/.test(view.state.sliceDoc(Math.max(0, sel.head - 1), sel.head));
}
