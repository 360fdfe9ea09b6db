// Where each logical element of a tensor sits in its storage: the index
// arithmetic of strided tensors (offset + Σ index_d × stride_d), as a grid
// for drawing — rows are the leading dimensions flattened, columns the last.
import type { LayoutTensor } from '../../../engine/trace/tensor_layout.ts';

export interface ElementGrid {
  rows: number;
  cols: number;
  /** Row labels: the leading indices of each row ("0, 1" for x[0, 1, :]). */
  rowLabels: string[];
  /** Storage index of element (r, c) at [r][c]. */
  index: number[][];
  /** Rows or columns left out past the limits. */
  moreRows: number;
  moreCols: number;
}

export function elementGrid(t: Pick<LayoutTensor, 'shape' | 'strides' | 'offset'>, maxRows = 16, maxCols = 16): ElementGrid {
  const { shape, strides, offset } = t;
  if (shape.length === 0) return { rows: 1, cols: 1, rowLabels: [''], index: [[offset]], moreRows: 0, moreCols: 0 };
  const lead = shape.slice(0, -1);
  const cols = shape.at(-1)!;
  const rows = lead.reduce((a, b) => a * b, 1);
  const shownRows = Math.min(rows, maxRows);
  const shownCols = Math.min(cols, maxCols);
  const index: number[][] = [];
  const rowLabels: string[] = [];
  for (let r = 0; r < shownRows; r++) {
    let rem = r;
    const idx: number[] = new Array(lead.length);
    for (let d = lead.length - 1; d >= 0; d--) {
      idx[d] = rem % lead[d]!;
      rem = Math.floor(rem / lead[d]!);
    }
    const base = offset + idx.reduce((a, i, d) => a + i * strides[d]!, 0);
    rowLabels.push(idx.join(', '));
    index.push(Array.from({ length: shownCols }, (_, c) => base + c * strides.at(-1)!));
  }
  return { rows: shownRows, cols: shownCols, rowLabels, index, moreRows: rows - shownRows, moreCols: cols - shownCols };
}

/** Every storage index the tensor reads, in logical (row-major) order. */
export function storageIndices(t: Pick<LayoutTensor, 'shape' | 'strides' | 'offset'>): number[] {
  let out = [t.offset];
  t.shape.forEach((n, d) => {
    const next: number[] = [];
    for (const base of out) for (let i = 0; i < n; i++) next.push(base + i * t.strides[d]!);
    out = next;
  });
  return out;
}

/** The strides contiguous() gives a tensor of this shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= Math.max(shape[d]!, 1);
  }
  return s;
}

export function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(1) : v.toFixed(a < 1 ? 3 : 2).replace(/0+$/, '').replace(/\.$/, '');
}
