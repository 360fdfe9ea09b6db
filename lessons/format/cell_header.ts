// The info string of a cell's opening fence: ```python raises=IndexError,
// ```{exercise} id=ex1, ```{check} for=ex1 hidden, ```{hint} for=ex1,
// ```{solution} for=ex1. One table says which attributes each kind takes and
// in which order the canonical form writes them.
import type { Cell, CellKind, Severity } from './model.ts';

type AttrType = 'value' | 'flag';

interface HeaderSpec {
  word: string;
  kind: Exclude<CellKind, 'markdown'>;
  /** In canonical order. */
  attrs: readonly { name: string; type: AttrType }[];
}

export const HEADER_SPECS: readonly HeaderSpec[] = [
  { word: 'python', kind: 'code', attrs: [{ name: 'raises', type: 'value' }] },
  { word: '{exercise}', kind: 'exercise', attrs: [{ name: 'id', type: 'value' }] },
  { word: '{check}', kind: 'check', attrs: [{ name: 'for', type: 'value' }, { name: 'hidden', type: 'flag' }] },
  { word: '{hint}', kind: 'hint', attrs: [{ name: 'for', type: 'value' }] },
  { word: '{solution}', kind: 'solution', attrs: [{ name: 'for', type: 'value' }] },
];

const VALUE = /^[A-Za-z0-9_.-]+$/;

export interface HeaderProblem {
  message: string;
  severity: Severity;
  /** 0-based offsets into the info string. */
  start: number;
  end: number;
}

export interface ParsedHeader {
  /** Undefined for an unknown directive. */
  spec?: HeaderSpec;
  attrs: Map<string, string | true>;
  problems: HeaderProblem[];
}

const DIRECTIVE_NAMES = HEADER_SPECS.filter((s) => s.word.startsWith('{')).map((s) => s.word);

/** Reads an info string (`{check} for=ex1 hidden`); never throws. */
export function parseCellHeader(info: string): ParsedHeader {
  const tokens = [...info.matchAll(/[^ \t]+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const attrs = new Map<string, string | true>();
  const problems: HeaderProblem[] = [];
  const head = tokens.shift();
  const spec = HEADER_SPECS.find((s) => s.word === head?.text);
  if (!spec) {
    problems.push({
      message: `unknown directive ${head?.text ?? ''}: a cell is \`\`\`python or one of ${DIRECTIVE_NAMES.join(', ')}`,
      severity: 'error',
      start: head?.start ?? 0,
      end: head?.end ?? info.length,
    });
    return { attrs, problems };
  }
  for (const token of tokens) {
    const problem = (message: string): void => void problems.push({ message, severity: 'error', ...token });
    const eq = token.text.indexOf('=');
    const name = eq < 0 ? token.text : token.text.slice(0, eq);
    const value = eq < 0 ? true : token.text.slice(eq + 1);
    const attr = spec.attrs.find((a) => a.name === name);
    if (!attr) {
      const allowed = spec.attrs.map((a) => (a.type === 'value' ? `${a.name}=…` : a.name)).join(', ');
      problem(`${spec.word} takes no attribute '${name}' (it takes: ${allowed})`);
    } else if (attrs.has(name)) problem(`'${name}' is given twice`);
    else if (attr.type === 'flag' && value !== true) problem(`'${name}' is a flag and takes no value: write '${name}'`);
    else if (attr.type === 'value' && value === true) problem(`'${name}' needs a value: write '${name}=NAME'`);
    else if (value !== true && !VALUE.test(value)) problem(`'${name}=${value}': a value is letters, digits, '_', '.' and '-'`);
    else attrs.set(name, value);
  }
  return { spec, attrs, problems };
}

/** The model cell a header and body describe (a missing id or `for` is '', which the validator reports). */
export function cellFromHeader(spec: HeaderSpec, attrs: ReadonlyMap<string, string | true>, source: string): Cell {
  const text = (name: string): string => {
    const v = attrs.get(name);
    return typeof v === 'string' ? v : '';
  };
  switch (spec.kind) {
    case 'code': {
      const raises = attrs.get('raises');
      return typeof raises === 'string' ? { kind: 'code', source, raises } : { kind: 'code', source };
    }
    case 'exercise':
      return { kind: 'exercise', id: text('id'), source };
    case 'check':
      return { kind: 'check', for: text('for'), hidden: attrs.has('hidden'), source };
    case 'hint':
      return { kind: 'hint', for: text('for'), source };
    case 'solution':
      return { kind: 'solution', for: text('for'), source };
  }
}

/** The canonical info string of a non-Markdown cell: `{check} for=ex1 hidden`. */
export function renderCellHeader(cell: Exclude<Cell, { kind: 'markdown' }>): string {
  const spec = HEADER_SPECS.find((s) => s.kind === cell.kind)!;
  const values: Record<string, string | boolean | undefined> = {
    raises: cell.kind === 'code' ? cell.raises : undefined,
    id: cell.kind === 'exercise' ? cell.id : undefined,
    for: 'for' in cell ? cell.for : undefined,
    hidden: cell.kind === 'check' ? cell.hidden : undefined,
  };
  const parts = [spec.word];
  for (const attr of spec.attrs) {
    const v = values[attr.name];
    if (attr.type === 'flag' && v === true) parts.push(attr.name);
    // An empty value (a partial document) is left out, so it reads back as ''.
    if (attr.type === 'value' && typeof v === 'string' && v !== '') parts.push(`${attr.name}=${v}`);
  }
  return parts.join(' ');
}
