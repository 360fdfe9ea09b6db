// Line-level syntax shared by the parser, the serializer and the validator:
// which lines open and close fences (CommonMark's rules, so GitHub renders a
// lesson the way we read it), which line breaks two Markdown cells, and how
// long a cell's fence must be to hold its body.

export interface FenceOpen {
  /** '`' or '~'. */
  char: string;
  length: number;
  /** Spaces before the fence (0–3). */
  indent: number;
  /** The info string: the text after the fence characters. */
  info: string;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const BLANK = /^[ \t]*$/;
const BREAK = /^\+\+\+/;

export function isBlank(line: string): boolean {
  return BLANK.test(line);
}

/** A CommonMark fenced-code opening line, or null (a backtick fence's info may not contain '`'). */
export function fenceOpen(line: string): FenceOpen | null {
  const m = FENCE_OPEN.exec(line);
  if (!m) return null;
  const char = m[2]![0]!;
  if (char === '`' && m[3]!.includes('`')) return null;
  return { char, length: m[2]!.length, indent: m[1]!.length, info: m[3]! };
}

/** Whether `line` closes a fence opened with `length` × `char` (CommonMark: ≤3 spaces, at least as long, nothing after). */
export function closesFence(line: string, char: string, length: number): boolean {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  let run = 0;
  while (line[i + run] === char) run++;
  return run >= length && BLANK.test(line.slice(i + run));
}

/** The first word of an info string: `python`, `{exercise}`, `text`... */
export function infoWord(info: string): string {
  return info.trim().split(/[ \t]+/)[0] ?? '';
}

/** Whether a fence with this info string is a lesson cell (```python or ```{directive}) rather than Markdown. */
export function isCellInfo(info: string): boolean {
  const word = infoWord(info);
  return word === 'python' || word.startsWith('{');
}

/** A cell opens only with backticks at column 1; the same fence indented or with tildes is Markdown. */
export function cellFenceOpen(line: string): FenceOpen | null {
  const f = fenceOpen(line);
  return f && f.char === '`' && f.indent === 0 && isCellInfo(f.info) ? f : null;
}

/** A `+++` line: the break between two Markdown cells. */
export function isBreakLine(line: string): boolean {
  return BREAK.test(line);
}

/** The shortest backtick fence (at least 3) that no line of the body closes. */
export function fenceLengthFor(bodyLines: readonly string[]): number {
  let longest = 0;
  for (const line of bodyLines) {
    const m = /^ {0,3}(`+)[ \t]*$/.exec(line);
    if (m) longest = Math.max(longest, m[1]!.length);
  }
  return Math.max(3, longest + 1);
}

export interface MarkdownScan {
  /** Index of the first line after the Markdown region: a cell fence, a `+++` line, or lines.length. */
  end: number;
  /** A Markdown fence still open at `end` (it then runs to the end of the text), with the line index that opened it. */
  unclosed?: { open: FenceOpen; index: number };
  /** Cell-looking fences inside the region that are Markdown (indented or with tildes), by line index. */
  displayedCellFences: number[];
}

/**
 * Reads a Markdown region from lines[start]: it ends at the first cell fence or
 * `+++` line that is not inside a Markdown fence (```text, ~~~, an indented
 * fence...). Cell fences and `+++` inside Markdown fences are plain text.
 */
export function scanMarkdown(lines: readonly string[], start: number): MarkdownScan {
  const displayed: number[] = [];
  let open: { open: FenceOpen; index: number } | undefined;
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (open) {
      if (closesFence(line, open.open.char, open.open.length)) open = undefined;
      continue;
    }
    if (cellFenceOpen(line) || isBreakLine(line)) break;
    const f = fenceOpen(line);
    if (f) {
      if (isCellInfo(f.info)) displayed.push(i);
      open = { open: f, index: i };
    }
  }
  return { end: i, ...(open ? { unclosed: open } : {}), displayedCellFences: displayed };
}
