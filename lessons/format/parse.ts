// Text → model. Tolerant: never throws, always returns the lesson as far as it
// could be read, with a diagnostic per problem (lessons/FORMAT.md lists them).
import { cellFromHeader, parseCellHeader, renderCellHeader } from './cell_header.ts';
import { cellFenceOpen, closesFence, fenceLengthFor, isBlank, isBreakLine, scanMarkdown } from './fences.ts';
import { readFrontMatter } from './front_matter.ts';
import { FORMAT_VERSION, type Cell, type CellSpan, type Diagnostic, type Lesson, type ParseResult } from './model.ts';
import { columnsRange, compareDiagnostics, diagnostic, lineRange, linesRange } from './ranges.ts';

interface Lines {
  lines: string[];
  diagnostics: Diagnostic[];
}

/** Splits into lines without their terminators; notes a BOM, CRLF endings and a missing final newline. */
function splitLines(text: string): Lines {
  const diagnostics: Diagnostic[] = [];
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
    diagnostics.push(diagnostic('info', 'remove the byte-order mark', columnsRange(0, 0, 0)));
  }
  const lines = text.split('\n');
  const crlf = lines.findIndex((l) => l.endsWith('\r'));
  if (crlf >= 0) {
    for (let i = 0; i < lines.length; i++) lines[i] = lines[i]!.replace(/\r+$/, '');
    diagnostics.push(diagnostic('info', 'the file has CRLF line endings; it is saved with LF', lineRange(crlf, lines[crlf]!)));
  }
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  else if (text !== '') {
    const last = lines.length - 1;
    diagnostics.push(diagnostic('info', 'end the file with a newline', columnsRange(last, lines[last]!.length, lines[last]!.length)));
  }
  return { lines, diagnostics };
}

class BodyReader {
  readonly cells: Cell[] = [];
  readonly spans: CellSpan[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** The `+++` line waiting to see whether a Markdown cell follows the Markdown cell before it. */
  private pendingBreak: number | undefined;
  private lastKind: 'markdown' | 'cell' | undefined;

  constructor(private readonly lines: readonly string[]) {}

  read(start: number, afterFrontMatter: boolean): void {
    const { lines } = this;
    let i = start;
    let blockBefore = afterFrontMatter;
    for (;;) {
      const blankStart = i;
      while (i < lines.length && isBlank(lines[i]!)) i++;
      if (i >= lines.length) {
        if (i > blankStart) this.note('remove the blank lines at the end of the file', linesRange(blankStart, i - 1, lines[i - 1]!));
        break;
      }
      if (blockBefore && (i - blankStart !== 1 || lines[blankStart] !== '')) {
        const range = i === blankStart ? columnsRange(i, 0, 0) : linesRange(blankStart, i - 1, lines[i - 1]!);
        this.note('separate blocks with exactly one empty line', range);
      }
      blockBefore = true;
      const line = lines[i]!;
      if (cellFenceOpen(line)) i = this.readCell(i);
      else if (isBreakLine(line)) i = this.readBreak(i);
      else i = this.readMarkdown(i);
    }
    if (this.pendingBreak !== undefined) this.needlessBreak(this.pendingBreak);
  }

  private note(message: string, range: ReturnType<typeof lineRange>): void {
    this.diagnostics.push(diagnostic('info', message, range));
  }

  private needlessBreak(index: number): void {
    this.note('+++ only separates two Markdown cells: remove it here', lineRange(index, this.lines[index]!));
  }

  private blockStarts(kind: 'markdown' | 'cell'): void {
    if (this.pendingBreak !== undefined && !(kind === 'markdown' && this.lastKind === 'markdown')) this.needlessBreak(this.pendingBreak);
    this.pendingBreak = undefined;
    this.lastKind = kind;
  }

  private readBreak(i: number): number {
    const line = this.lines[i]!;
    if (!/^\+\+\+[ \t]*$/.test(line)) {
      const message = 'a +++ line separates two Markdown cells and holds nothing else';
      this.diagnostics.push(diagnostic('error', message, columnsRange(i, 3, line.length)));
    } else if (line !== '+++') this.note('write +++ alone on its line', lineRange(i, line));
    if (this.pendingBreak !== undefined) this.needlessBreak(i);
    else this.pendingBreak = i;
    return i + 1;
  }

  private readMarkdown(start: number): number {
    const { lines } = this;
    const scan = scanMarkdown(lines, start);
    let last = scan.end - 1;
    while (isBlank(lines[last]!)) last--;
    this.blockStarts('markdown');
    this.cells.push({ kind: 'markdown', source: lines.slice(start, last + 1).join('\n') });
    this.spans.push({ range: linesRange(start, last, lines[last]!), header: lineRange(start, lines[start]!), bodyLine: start + 1 });
    for (const index of scan.displayedCellFences) {
      const message =
        'this fence is indented or uses ~~~, so it is shown as Markdown, not run: start it at column 1 with ``` to make a cell, or write ```py to show code';
      this.diagnostics.push(diagnostic('warning', message, lineRange(index, lines[index]!)));
    }
    if (scan.unclosed) {
      const { open, index } = scan.unclosed;
      const fence = open.char.repeat(open.length);
      const message = `this ${fence} fence is never closed, so the rest of the file is Markdown: close it with ${fence}`;
      this.diagnostics.push(diagnostic('error', message, lineRange(index, lines[index]!)));
    }
    return last + 1;
  }

  private readCell(start: number): number {
    const { lines } = this;
    const open = cellFenceOpen(lines[start]!)!;
    const header = parseCellHeader(open.info);
    for (const p of header.problems) {
      this.diagnostics.push(diagnostic(p.severity, p.message, columnsRange(start, open.length + p.start, open.length + p.end)));
    }
    let close = start + 1;
    while (close < lines.length && !closesFence(lines[close]!, '`', open.length)) close++;
    const body = lines.slice(start + 1, close);
    const closed = close < lines.length;
    const fence = '`'.repeat(open.length);
    if (!closed) {
      const message = `this cell's ${fence} fence is never closed, so the rest of the file is its code: close it with ${fence}`;
      this.diagnostics.push(diagnostic('error', message, lineRange(start, lines[start]!)));
    }
    this.blockStarts('cell');
    if (!header.spec) return close + 1; // unknown directive: reported, left out of the model
    const cell = cellFromHeader(header.spec, header.attrs, body.join('\n'));
    this.cells.push(cell);
    const end = closed ? close : lines.length - 1;
    this.spans.push({ range: linesRange(start, end, lines[end]!), header: lineRange(start, lines[start]!), bodyLine: start + 2 });
    if (body.length === 1 && body[0] === '') this.note('an empty cell has its closing fence on the next line', lineRange(start + 1, ''));
    const canonicalFence = '`'.repeat(fenceLengthFor(body));
    const canonicalOpen = canonicalFence + renderCellHeader(cell as Exclude<Cell, { kind: 'markdown' }>);
    if (header.problems.length === 0 && lines[start] !== canonicalOpen) {
      this.note(`write this line as: ${canonicalOpen}`, lineRange(start, lines[start]!));
    }
    if (closed && lines[close] !== canonicalFence) this.note(`write this line as: ${canonicalFence}`, lineRange(close, lines[close]!));
    return close + 1;
  }
}

/**
 * Reads a lesson's text. The result's `errors` hold every problem with the
 * text (severity 'error', 'warning', or 'info' for text that is not in
 * canonical form); validateLesson adds the checks on content.
 *
 * @example
 * const { lesson, errors } = parseLesson('---\nglassgrad-lesson: 1\nid: demo\ntitle: Demo\n---\n\n```python\nx = 1\n```\n');
 * // lesson.cells → [{ kind: 'code', source: 'x = 1' }], errors → []
 */
export function parseLesson(text: string): ParseResult {
  const { lines, diagnostics } = splitLines(text);
  const fm = readFrontMatter(lines);
  const body = new BodyReader(lines);
  body.read(fm.end, fm.end > 0);
  const lesson: Lesson = {
    formatVersion: fm.values.formatVersion ?? FORMAT_VERSION,
    id: fm.values.id ?? '',
    title: fm.values.title ?? '',
    ...(fm.values.description !== undefined ? { description: fm.values.description } : {}),
    cells: body.cells,
  };
  const errors = [...diagnostics, ...fm.diagnostics, ...body.diagnostics].sort(compareDiagnostics);
  return { lesson, errors, map: { frontMatter: fm.range, fields: fm.fields, cells: body.spans } };
}
