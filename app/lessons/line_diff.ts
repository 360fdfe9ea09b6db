// A line diff between two versions of a cell (the `diff` package's diffLines),
// as rows a dialog can show: what resetting would remove and what it would add.
import { diffLines } from 'diff';

export interface DiffRow {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/**
 * @example
 * lineDiff('a\nb', 'a\nc') // [{same 'a'}, {removed 'b'}, {added 'c'}]
 */
export function lineDiff(from: string, to: string): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const change of diffLines(from.endsWith('\n') ? from : `${from}\n`, to.endsWith('\n') ? to : `${to}\n`)) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    for (const text of change.value.replace(/\n$/, '').split('\n')) rows.push({ kind, text });
  }
  return rows;
}

/** The diff as text, `-`/`+`/` ` prefixed (tests and screen readers). */
export function describeDiff(rows: DiffRow[]): string {
  return rows.map((r) => `${r.kind === 'added' ? '+' : r.kind === 'removed' ? '-' : ' '} ${r.text}`).join('\n');
}
