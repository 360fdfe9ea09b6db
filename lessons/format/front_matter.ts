// The front matter: a strict, flat subset of YAML.
//
//   ---
//   glassgrad-lesson: 1
//   id: running-loss
//   title: "The running loss: item() vs the tensor"
//   description: Why the graph grows when you add up losses
//   ---
//
// One `key: value` per line. A value is plain text to the end of the line, or
// a double-quoted JSON string when plain text would not read back as the same
// string in YAML (see needsQuotes); the serializer quotes exactly then.
import { FRONT_MATTER_KEYS, type Diagnostic, type FrontMatterKey, type SourceRange } from './model.ts';
import { columnsRange, diagnostic, lineRange, linesRange } from './ranges.ts';

export const FENCE = '---';

export interface FrontMatter {
  formatVersion?: number;
  id?: string;
  title?: string;
  description?: string;
}

export interface FrontMatterRead {
  values: FrontMatter;
  /** Index of the first line after the front matter (0 when there is none). */
  end: number;
  range: SourceRange;
  fields: Partial<Record<FrontMatterKey, SourceRange>>;
  diagnostics: Diagnostic[];
}

/** Whether a plain YAML scalar would not read back as exactly this string. */
export function needsQuotes(value: string): boolean {
  return (
    value === '' ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) ||
    /\s$/.test(value) ||
    value.includes(': ') ||
    value.includes(' #') ||
    value.endsWith(':') ||
    /[\u0000-\u001f\u007f\u2028\u2029]/.test(value) ||
    /^(true|false|yes|no|on|off|null|~|[-+]?(\.?[0-9][0-9_.eE+-]*|\.inf|\.nan))$/i.test(value)
  );
}

export function renderValue(value: string): string {
  return needsQuotes(value) ? JSON.stringify(value) : value;
}

export function renderFrontMatter(values: FrontMatter): string[] {
  const lines = [FENCE, `glassgrad-lesson: ${values.formatVersion ?? 1}`];
  for (const key of ['id', 'title', 'description'] as const) {
    const v = values[key];
    if (v) lines.push(`${key}: ${renderValue(v)}`);
  }
  lines.push(FENCE);
  return lines;
}

const ENTRY = /^([A-Za-z0-9_-]+)[ \t]*:(.*)$/;
const VERSION = /^(0|[1-9][0-9]*)$/;

function readValue(raw: string): { value?: string; problem?: string } {
  if (raw.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(raw);
      if (typeof v === 'string') return { value: v };
    } catch {
      // reported below
    }
    return { problem: `cannot read the quoted value ${raw}: write a JSON string ("…", with \\" and \\\\ escapes)` };
  }
  if (raw.startsWith("'")) return { problem: 'single-quoted values are not supported: use double quotes' };
  return { value: raw };
}

/** Reads the front matter at the top of `lines`; tolerant: every problem becomes a diagnostic. */
export function readFrontMatter(lines: readonly string[]): FrontMatterRead {
  const diagnostics: Diagnostic[] = [];
  const values: FrontMatter = {};
  const fields: FrontMatterRead['fields'] = {};
  if (lines[0] !== FENCE) {
    const expected = 'a lesson starts with front matter: ---, glassgrad-lesson: 1, id: …, title: …, ---';
    diagnostics.push(diagnostic('error', expected, lineRange(0, lines[0] ?? '')));
    return { values, end: 0, range: columnsRange(0, 0, 0), fields, diagnostics };
  }
  // The front matter has no blank lines: one ends it when the closing --- is missing, so the body still parses.
  let close = 1;
  while (close < lines.length && lines[close] !== FENCE && !/^[ \t]*$/.test(lines[close]!)) close++;
  if (lines[close] !== FENCE) {
    diagnostics.push(diagnostic('error', 'the front matter is not closed by a --- line', lineRange(0, FENCE)));
  }
  const seen: FrontMatterKey[] = [];
  let badVersion = false;
  for (let i = 1; i < close; i++) {
    const line = lines[i]!;
    const m = ENTRY.exec(line);
    if (!m) {
      diagnostics.push(diagnostic('error', 'expected a `key: value` line', lineRange(i, line)));
      continue;
    }
    const key = m[1]! as FrontMatterKey;
    const keyRange = columnsRange(i, 0, m[1]!.length);
    if (!FRONT_MATTER_KEYS.includes(key)) {
      diagnostics.push(diagnostic('error', `unknown front-matter key '${m[1]}' (the keys are ${FRONT_MATTER_KEYS.join(', ')})`, keyRange));
      continue;
    }
    if (seen.includes(key)) {
      diagnostics.push(diagnostic('error', `'${key}' is given twice`, keyRange));
      continue;
    }
    seen.push(key);
    fields[key] = lineRange(i, line);
    const raw = m[2]!.trim();
    const valueRange = columnsRange(i, line.length - m[2]!.trimStart().length, line.length);
    let canonical: string | undefined;
    if (key === 'glassgrad-lesson') {
      if (VERSION.test(raw)) {
        values.formatVersion = Number(raw);
        canonical = `${key}: ${raw}`;
      } else {
        badVersion = true;
        diagnostics.push(diagnostic('error', `glassgrad-lesson is the format version, a whole number (this build reads 1); got '${raw}'`, valueRange));
      }
    } else {
      const { value, problem } = readValue(raw);
      if (problem !== undefined) diagnostics.push(diagnostic('error', problem, valueRange));
      else if (key === 'description' && value === '') {
        diagnostics.push(diagnostic('info', 'remove the empty description', lineRange(i, line)));
      } else {
        values[key] = value!;
        canonical = value === '' ? line : `${key}: ${renderValue(value!)}`;
      }
    }
    if (canonical !== undefined && canonical !== line) {
      diagnostics.push(diagnostic('info', `write this line as: ${canonical}`, lineRange(i, line)));
    }
  }
  const order = FRONT_MATTER_KEYS.filter((k) => seen.includes(k));
  if (seen.some((k, j) => k !== order[j])) {
    const message = `front-matter keys go in the order ${FRONT_MATTER_KEYS.join(', ')}`;
    diagnostics.push(diagnostic('info', message, linesRange(1, close - 1, lines[close - 1]!)));
  }
  if (values.formatVersion === undefined && !badVersion) {
    diagnostics.push(diagnostic('error', 'the front matter has no glassgrad-lesson (the format version): add `glassgrad-lesson: 1`', lineRange(0, FENCE)));
  }
  const end = lines[close] === FENCE ? close + 1 : close;
  return { values, end, range: linesRange(0, end - 1, lines[end - 1] ?? ''), fields, diagnostics };
}
