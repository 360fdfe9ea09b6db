// A markdown-it plugin for TeX math, rendered with KaTeX: `$…$` inline,
// `$$…$$` display (inline or as its own block, over several lines). The
// delimiters follow Pandoc's tex_math_dollars rule, which Jupyter users are used
// to: an opening `$` is not followed by a space, a closing `$` is not preceded
// by a space nor followed by a digit — so "$5 and $10" stays text.
import katex from 'katex';
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, i) => renderTex(tokens[i].content, false);
  md.renderer.rules.math_inline_display = (tokens, i) => renderTex(tokens[i].content, true);
  md.renderer.rules.math_block = (tokens, i) => `<div class="math-block">${renderTex(tokens[i].content, true)}</div>\n`;
}

export function renderTex(tex: string, displayMode: boolean): string {
  // throwOnError: false shows a bad formula in red instead of failing the cell;
  // trust stays false, so \href and \url cannot make javascript: links.
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== '$') return false;
  const display = src[start + 1] === '$';
  const delimiter = display ? '$$' : '$';
  const contentStart = start + delimiter.length;
  if (!display && (contentStart >= state.posMax || /\s/.test(src[contentStart]))) return false;

  let end = contentStart;
  for (;;) {
    end = src.indexOf(delimiter, end);
    if (end === -1 || end >= state.posMax) return false;
    if (!isEscaped(src, end)) break;
    end++;
  }
  if (end === contentStart) return false;
  if (!display && (/\s/.test(src[end - 1]) || /\d/.test(src[end + 1] ?? ''))) return false;

  if (!silent) {
    const token = state.push(display ? 'math_inline_display' : 'math_inline', 'math', 0);
    token.markup = delimiter;
    token.content = src.slice(contentStart, end);
  }
  state.pos = end + delimiter.length;
  return true;
}

function isEscaped(src: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && src[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const begin = state.bMarks[startLine] + state.tShift[startLine];
  const firstLine = state.src.slice(begin, state.eMarks[startLine]);
  if (!firstLine.startsWith('$$')) return false;

  const afterOpen = firstLine.slice(2);
  let content: string;
  let last = startLine;
  const closesOnFirstLine = afterOpen.trimEnd().endsWith('$$') && afterOpen.trim().length >= 2;
  if (closesOnFirstLine) {
    // "$$x$$ and more" on one line is inline display math inside a paragraph.
    if (!/^\$\$[\s\S]*\$\$\s*$/.test(firstLine)) return false;
    content = afterOpen.trimEnd().slice(0, -2);
  } else {
    let closing: string | null = null;
    for (let line = startLine + 1; line < endLine; line++) {
      const text = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
      if (state.sCount[line] < state.blkIndent && text.length > 0) return false;
      if (text.trimEnd().endsWith('$$')) {
        closing = text.trimEnd().slice(0, -2);
        last = line;
        break;
      }
    }
    if (closing === null) return false;
    const middle = state.getLines(startLine + 1, last, state.sCount[startLine], false);
    content = `${afterOpen}\n${middle}${closing}`;
  }
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content.trim();
  token.markup = '$$';
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}
