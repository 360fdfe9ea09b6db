// Seeded generators for the format's property tests: valid lessons built from
// awkward parts (values that need quoting, code holding fences and `+++`,
// Markdown with fenced blocks), and line soup for the parser's tolerance.
import type { Cell, Lesson } from './model.ts';
import { serializeLesson } from './serialize.ts';
import { seededRandom as random } from '../../test/support/seeded_random.ts';

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const count = (rng: Rng, max: number): number => Math.floor(rng() * (max + 1));

const TITLES = ['Plain title', 'Validation: no_grad', '"Quoted"', 'yes', '12', 'a # b', 'ends:', '- dash', 'ünïcødé — ok', "it's", '{braces}'];
const DESCRIPTIONS = [undefined, 'One line', 'with: colon', ' leading space', 'trailing space ', 'tab\there', 'null'];
const CODE_LINES = ['x = 1', '', '    return x', '```', '````', '  ```', '+++', '---', '```python', 'print("```")', '\t', ' ', '# comment', '```{check} for=a'];
const TEXT_LINES = ['Some prose with `code`.', '# A heading', '- an item', '  indented prose', '**bold** text', '---', '1. first', '> quote', 'a: b'];
const FENCED_CONTENT = ['```python', '+++', '```{exercise} id=x', 'x = 1', '', '```', '~~~'];
const EXCEPTIONS = ['IndexError', 'RuntimeError', 'torch.OutOfMemoryError'];

function markdownSource(rng: Rng): string {
  const lines: string[] = [pick(rng, TEXT_LINES)];
  for (let n = count(rng, 4); n > 0; n--) {
    const r = rng();
    if (r < 0.5) lines.push(pick(rng, TEXT_LINES));
    else if (r < 0.7) lines.push(pick(rng, ['', '   ']), pick(rng, TEXT_LINES));
    else {
      // A fenced block that only shows code: its content may look like lesson syntax.
      const [open, close] = pick(rng, [['````text', '````'], ['````', '````'], ['~~~~', '~~~~'], ['````py', '`````']]);
      lines.push(open!, ...Array.from({ length: count(rng, 3) }, () => pick(rng, FENCED_CONTENT)), close!);
    }
  }
  lines.push(pick(rng, TEXT_LINES));
  return lines.join('\n');
}

function codeSource(rng: Rng): string {
  return Array.from({ length: count(rng, 4) }, () => pick(rng, CODE_LINES)).join('\n');
}

function exerciseGroup(rng: Rng, id: string): Cell[] {
  const parts: Cell[] = [{ kind: 'solution', for: id, source: codeSource(rng) }];
  for (let n = 1 + count(rng, 1); n > 0; n--) parts.push({ kind: 'check', for: id, hidden: rng() < 0.5, source: codeSource(rng) });
  for (let n = count(rng, 2); n > 0; n--) parts.push({ kind: 'hint', for: id, source: rng() < 0.5 ? markdownSource(rng) : codeSource(rng) });
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  return [{ kind: 'exercise', id, source: codeSource(rng) }, ...parts];
}

/** A valid lesson (validateLesson finds nothing) made of awkward parts. */
export function randomLesson(seed: number): Lesson {
  const rng = random(seed);
  const cells: Cell[] = [];
  let exercises = 0;
  for (let n = count(rng, 8); n > 0; n--) {
    const r = rng();
    if (r < 0.4) cells.push({ kind: 'markdown', source: markdownSource(rng) });
    else if (r < 0.7) cells.push(rng() < 0.3 ? { kind: 'code', source: codeSource(rng), raises: pick(rng, EXCEPTIONS) } : { kind: 'code', source: codeSource(rng) });
    else cells.push(...exerciseGroup(rng, `ex${++exercises}`));
  }
  const description = pick(rng, DESCRIPTIONS);
  return {
    formatVersion: 1,
    id: pick(rng, ['demo', 'lesson-01', '0-start']),
    title: pick(rng, TITLES),
    ...(description !== undefined ? { description } : {}),
    cells,
  };
}

const SOUP = [
  '---', 'glassgrad-lesson: 1', 'glassgrad-lesson: x', 'id: demo', 'title: T', 'title: "a: b"', 'id:', 'bogus: 1',
  '', ' ', '+++', '+++ x', '```python', '```python raises=IndexError', '````python', '```', '````', '~~~', '```text',
  '   ```python', '```{exercise} id=ex1', '```{exercise}', '```{check} for=ex1', '```{check} for=ex1 hidden',
  '```{check} hidden for=ex1', '```{hint} for=ex1', '```{solution} for=ex1', '```{solution} for=nope', '```{note}',
  '```{check} for=a=b', 'x = 1', '# Heading', 'prose', '  ```', '```py', '\t',
];

/** Lines drawn from lesson syntax and its near misses, joined into a text (often malformed). */
export function randomText(seed: number): string {
  const rng = random(seed);
  const lines = Array.from({ length: count(rng, 30) }, () => pick(rng, SOUP));
  const start = rng() < 0.7 ? ['---', 'glassgrad-lesson: 1', 'id: demo', 'title: T', '---', ''] : [];
  const end = pick(rng, ['\n', '', '\n\n', '\r\n']);
  return [...start, ...lines].join(rng() < 0.1 ? '\r\n' : '\n') + end;
}

/** A canonical lesson text with one to three small edits (a blank line more or less, a stray space, a line from the soup...). */
export function mutatedText(seed: number): string {
  const rng = random(seed);
  const lines = serializeLesson(randomLesson(seed)).split('\n');
  for (let n = 1 + count(rng, 2); n > 0; n--) {
    const i = Math.floor(rng() * lines.length);
    const edit = count(rng, 6);
    if (edit === 0) lines.splice(i, 0, '');
    else if (edit === 1) lines.splice(i, 1);
    else if (edit === 2) lines[i] += ' ';
    else if (edit === 3) lines[i] = pick(rng, SOUP);
    else if (edit === 4 && i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
    else if (edit === 5) lines[i] = lines[i]!.replace(/^```/, '````');
    else lines.splice(i, 0, pick(rng, SOUP));
  }
  return lines.join('\n');
}
