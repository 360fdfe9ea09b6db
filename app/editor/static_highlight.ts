// The look of a code cell without an editor: the same Lezer Python parser and
// the same token classes CodeMirror uses (classHighlighter), so a cell looks
// identical before and after its editor mounts.
import { pythonLanguage } from '@codemirror/lang-python';
import { classHighlighter, highlightTree } from '@lezer/highlight';

export interface Span {
  text: string;
  className: string;
}

/** @example highlightPython('x = 1') → [{text: 'x', className: 'tok-variableName'}, {text: ' = ', …}, …] */
export function highlightPython(code: string): Span[] {
  const spans: Span[] = [];
  let at = 0;
  const tree = pythonLanguage.parser.parse(code);
  highlightTree(tree, classHighlighter, (from, to, className) => {
    if (from > at) spans.push({ text: code.slice(at, from), className: '' });
    spans.push({ text: code.slice(from, to), className });
    at = to;
  });
  if (at < code.length) spans.push({ text: code.slice(at), className: '' });
  return spans;
}
