// Model → text, in canonical form: front matter, then the cells separated by
// one empty line, a `+++` line between two Markdown cells, each fence just long
// enough for its body, and a final newline. parseLesson reads it back to the
// same model; a text with no diagnostics is written back byte for byte.
import { renderCellHeader } from './cell_header.ts';
import { fenceLengthFor } from './fences.ts';
import { renderFrontMatter } from './front_matter.ts';
import type { Cell, Lesson } from './model.ts';

function cellLines(cell: Cell): string[] {
  if (cell.kind === 'markdown') return cell.source.split('\n');
  const body = cell.source === '' ? [] : cell.source.split('\n');
  const fence = '`'.repeat(fenceLengthFor(body));
  return [fence + renderCellHeader(cell), ...body, fence];
}

/**
 * @example
 * serializeLesson({ formatVersion: 1, id: 'demo', title: 'Demo', cells: [{ kind: 'code', source: 'x = 1' }] })
 * // → '---\nglassgrad-lesson: 1\nid: demo\ntitle: Demo\n---\n\n```python\nx = 1\n```\n'
 */
export function serializeLesson(lesson: Lesson): string {
  const out = renderFrontMatter(lesson);
  let previous: Cell | undefined;
  for (const cell of lesson.cells) {
    out.push('');
    if (cell.kind === 'markdown' && previous?.kind === 'markdown') out.push('+++', '');
    out.push(...cellLines(cell));
    previous = cell;
  }
  return out.join('\n') + '\n';
}
