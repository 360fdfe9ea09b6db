// Checks a lesson model against lessons/schema/lesson.schema.json (ajv) and
// against the rules a schema cannot express: a supported version, unique
// exercise ids, every check/hint/solution right after the exercise it names,
// at least one check and exactly one solution per exercise, Markdown the text
// format can hold. Diagnostics are positioned through the parser's source map
// when there is one, so an editor can show them as markers.
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import schema from '../schema/lesson.schema.json' with { type: 'json' };
import { scanMarkdown } from './fences.ts';
import { FORMAT_VERSION, isExercisePart, type Diagnostic, type Lesson, type SourceMap, type SourceRange } from './model.ts';
import { parseLesson } from './parse.ts';
import { compareDiagnostics, diagnostic } from './ranges.ts';

export const LESSON_SCHEMA = schema;

let compiled: ReturnType<Ajv2020['compile']> | undefined;

function schemaValidator(): ReturnType<Ajv2020['compile']> {
  compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  return compiled;
}

const START: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Finds where a JSON pointer into the model sits in the text. */
class Locator {
  constructor(private readonly map: SourceMap | undefined) {}

  at(path: string): SourceRange {
    const map = this.map;
    if (!map) return START;
    const parts = path.split('/').slice(1);
    if (parts[0] === 'cells' && parts[1] !== undefined) {
      const span = map.cells[Number(parts[1])];
      if (!span) return START;
      // A cell's source: its body; anything else (kind, id, for…): its opening line.
      if (parts[2] === 'source' && span.range.endLine > span.header.line) {
        const isMarkdown = span.bodyLine === span.header.line;
        return isMarkdown ? span.range : { ...span.range, line: span.bodyLine, column: 1 };
      }
      return span.header;
    }
    const field = { formatVersion: 'glassgrad-lesson', id: 'id', title: 'title', description: 'description' }[parts[0] ?? ''];
    const fieldRange = field ? map.fields[field as keyof SourceMap['fields']] : undefined;
    return fieldRange ?? { ...map.frontMatter, endLine: map.frontMatter.line, endColumn: 4 };
  }
}

/** Pattern failures in words; the JSON pointer and ajv's message otherwise. */
function schemaMessage(error: ErrorObject): string {
  const path = error.instancePath;
  if (error.keyword === 'pattern') {
    if (path === '/id') return 'the lesson id is lower-case letters, digits and -, starting with a letter or digit';
    if (/^\/cells\/\d+\/source$/.test(path)) return 'a Markdown cell must not be empty, and its first and last lines must not be blank';
    if (/^\/cells\/\d+\/id$/.test(path)) return 'an exercise id is letters, digits, _ and -, starting with a letter';
    if (path.endsWith('/for')) return 'for= names an exercise id: letters, digits, _ and -, starting with a letter';
    if (path.endsWith('/raises')) return 'raises= names an exception class, e.g. raises=IndexError';
  }
  const subject = path === '' ? 'the lesson' : /\/\d+$/.test(path) ? 'this cell' : `'${path.slice(path.lastIndexOf('/') + 1)}'`;
  if (error.keyword === 'additionalProperties') {
    return `${subject} has an unknown property '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  }
  return `${subject} ${error.message ?? 'is invalid'}`;
}

/** The semantic rules, each reported once, at the cell or field it is about. */
function semanticDiagnostics(lesson: Lesson, at: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (message: string, path: string): void => void out.push(diagnostic('error', message, at.at(path), path));
  if (typeof lesson.formatVersion === 'number' && lesson.formatVersion !== FORMAT_VERSION) {
    error(`this lesson is glassgrad-lesson ${lesson.formatVersion}; this build reads glassgrad-lesson ${FORMAT_VERSION}`, '/formatVersion');
  }
  if (lesson.id === '') error('the front matter has no id: add `id: …` (lower-case letters, digits and -)', '/id');
  if (lesson.title === '') error('the front matter has no title: add `title: …`', '/title');
  if (!Array.isArray(lesson.cells)) return out;

  const firstLine = new Map<string, number>();
  /** The exercise whose group (its checks, hints and solution) the walk is in. */
  let group: string | undefined;
  lesson.cells.forEach((cell, i) => {
    const path = `/cells/${i}`;
    if (cell.kind === 'exercise') {
      group = cell.id;
      if (cell.id === '') error('an exercise needs an id: ```{exercise} id=NAME', `${path}/id`);
      else if (firstLine.has(cell.id)) error(`exercise id '${cell.id}' is used twice (first on line ${firstLine.get(cell.id)})`, `${path}/id`);
      else firstLine.set(cell.id, at.at(path).line);
      return;
    }
    if (!isExercisePart(cell)) {
      group = undefined;
      if (cell.kind === 'markdown') out.push(...unwritableMarkdown(cell.source, i === lesson.cells.length - 1, at.at(path), path));
      return;
    }
    const directive = `{${cell.kind}}`;
    if (cell.for === '') error(`a ${directive} needs for=EXERCISE (the id of the exercise it belongs to)`, `${path}/for`);
    else if (!lesson.cells.some((c) => c.kind === 'exercise' && c.id === cell.for)) {
      error(`${directive} for=${cell.for}: there is no exercise '${cell.for}' in this lesson`, `${path}/for`);
    } else if (group !== cell.for) {
      error(`a ${directive} for '${cell.for}' must come right after exercise '${cell.for}' or its other checks, hints and solution`, path);
    }
  });

  // An exercise's checks, hints and solution are the cells right after it that name it (others are reported above).
  const seen = new Set<string>();
  lesson.cells.forEach((cell, i) => {
    if (cell.kind !== 'exercise' || cell.id === '' || seen.has(cell.id)) return;
    seen.add(cell.id);
    const solutions: number[] = [];
    let checks = 0;
    for (let j = i + 1; j < lesson.cells.length; j++) {
      const part = lesson.cells[j]!;
      if (!isExercisePart(part) || part.for !== cell.id) break;
      if (part.kind === 'check') checks++;
      if (part.kind === 'solution') solutions.push(j);
    }
    if (checks === 0) error(`exercise '${cell.id}' has no {check}`, `/cells/${i}`);
    if (solutions.length === 0) error(`exercise '${cell.id}' has no {solution}`, `/cells/${i}`);
    for (const j of solutions.slice(1)) error(`exercise '${cell.id}' already has a {solution}`, `/cells/${j}`);
  });
  return out;
}

/**
 * Markdown that the text format cannot hold (only possible in a model built
 * elsewhere, e.g. from .ipynb): a line that would start a cell or break, or a
 * fence left open before another cell.
 */
function unwritableMarkdown(source: string, last: boolean, range: SourceRange, path: string): Diagnostic[] {
  if (typeof source !== 'string') return [];
  const lines = source.split('\n');
  const scan = scanMarkdown(lines, 0);
  if (scan.end < lines.length) {
    const message = `line ${scan.end + 1} of this Markdown cell would start a cell (a \`\`\`python or \`\`\`{…} fence at column 1, or +++): indent it, or write \`\`\`py to show code`;
    return [diagnostic('error', message, range, `${path}/source`)];
  }
  if (scan.unclosed && !last) {
    return [diagnostic('error', `line ${scan.unclosed.index + 1} of this Markdown cell opens a fence that is never closed`, range, `${path}/source`)];
  }
  return [];
}

/**
 * Validates a lesson model. Pass the parser's source map to position the
 * diagnostics in the text; without one they sit at 1:1 and carry `path`.
 *
 * @example
 * const { lesson, map } = parseLesson(text);
 * validateLesson(lesson, map); // → [] for a valid lesson
 */
export function validateLesson(lesson: Lesson, map?: SourceMap): Diagnostic[] {
  const at = new Locator(map);
  const semantic = semanticDiagnostics(lesson, at);
  const validate = schemaValidator();
  const schemaDiagnostics: Diagnostic[] = [];
  if (!validate(lesson)) {
    // The semantic messages say the same thing better where both fire (an empty id, an unsupported version).
    const covered = new Set(semantic.map((d) => d.path));
    const reported = new Set<string>();
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'if') continue; // the branch's own errors say what is wrong
      if (covered.has(e.instancePath)) continue;
      const message = schemaMessage(e);
      if (reported.has(`${e.instancePath}\0${message}`)) continue;
      reported.add(`${e.instancePath}\0${message}`);
      schemaDiagnostics.push(diagnostic('error', message, at.at(e.instancePath), e.instancePath));
    }
  }
  return [...semantic, ...schemaDiagnostics].sort(compareDiagnostics);
}

/**
 * Everything wrong with a lesson's text, for the authoring editor: the
 * parser's diagnostics and the validator's, in text order.
 */
export function lintLesson(text: string): Diagnostic[] {
  const { lesson, errors, map } = parseLesson(text);
  return [...errors, ...validateLesson(lesson, map)].sort(compareDiagnostics);
}
