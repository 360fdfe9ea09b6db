// Traceback lines that point into the notebook ("File "<cell 3>", line 2, in
// <module>", or IPython's "Cell In[3], line 2") become links to that cell's line.
import type { NotebookDoc } from '../notebook/model.ts';
import { stripAnsi } from './ansi.ts';

export interface CellLineRef {
  /** The execution count in the cell's name. */
  count: number;
  line: number;
}

const OUR_FRAME = /File "<cell (\d+)>", line (\d+)/;
const IPYTHON_FRAME = /Cell In\s*\[(\d+)\],? line (\d+)/;

export function cellLineIn(tracebackLine: string): CellLineRef | null {
  const plain = stripAnsi(tracebackLine);
  const m = OUR_FRAME.exec(plain) ?? IPYTHON_FRAME.exec(plain);
  return m ? { count: Number(m[1]), line: Number(m[2]) } : null;
}

/**
 * Which cell a `<cell N>` refers to: the cell that ran under that name in this
 * kernel session, else the cell that shows execution count N.
 */
export function resolveCellRef(ref: CellLineRef, cellNames: Record<string, string>, doc: NotebookDoc): string | null {
  const byName = cellNames[`<cell ${ref.count}>`];
  if (byName && byName in doc.cells) return byName;
  return doc.cellOrder.find((id) => doc.cells[id].executionCount === ref.count) ?? null;
}
