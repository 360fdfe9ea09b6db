// The tensor layout view: each storage as a strip of cells (index above, value
// inside), and under it every tensor that views it as a grid of its logical
// elements, each naming the storage cell it reads. Hover an element to see its
// cell light up in the strip (and in every view that shares it). A tensor that
// is not contiguous also shows what contiguous() makes: a copy, in logical
// order, in a new storage.
import { useState } from 'react';
import type { LayoutData, LayoutStorage, LayoutTensor } from '../../../engine/trace/tensor_layout.ts';
import { formatBytes } from '../format.ts';
import { contiguousStrides, elementGrid, formatValue, storageIndices } from './cells.ts';

const MAX_STRIP = 96;
const HUES = [210, 28, 130, 280, 350, 60];

function tupleText(xs: readonly number[]): string {
  return `(${xs.join(', ')}${xs.length === 1 ? ',' : ''})`;
}

function Strip({ values, size, marked, label, copy = false }: { values: readonly number[] | null; size: number; marked: ReadonlySet<number>; label: string; copy?: boolean }) {
  const shown = Math.min(size, MAX_STRIP);
  return (
    <div className={`storage-strip${copy ? ' copy' : ''}`} role="list" aria-label={label}>
      {Array.from({ length: shown }, (_, i) => (
        <div key={i} role="listitem" className={`cell${marked.has(i) ? ' marked' : ''}`} data-index={i}>
          <span className="cell-index">{i}</span>
          <span className="cell-value">{values ? formatValue(values[i]!) : ''}</span>
        </div>
      ))}
      {size > shown ? <div className="cell more">… {size - shown}</div> : null}
    </div>
  );
}

function TensorGrid({ t, hue, hover, onHover, values }: { t: LayoutTensor; hue: number; hover: number | null; onHover(i: number | null): void; values: readonly number[] | null }) {
  const g = elementGrid(t);
  return (
    <div className="tensor-grid" style={{ ['--hue' as string]: hue }}>
      <table>
        <tbody>
          {g.index.map((row, r) => (
            <tr key={r}>
              {t.shape.length > 1 ? <th scope="row">[{g.rowLabels[r]}]</th> : null}
              {row.map((idx, c) => (
                <td key={c} className={hover === idx ? 'marked' : undefined} onMouseEnter={() => onHover(idx)} onMouseLeave={() => onHover(null)} title={`storage[${idx}]`}>
                  <span className="cell-value">{values ? formatValue(values[idx]!) : ''}</span>
                  <span className="cell-index">s[{idx}]</span>
                </td>
              ))}
              {g.moreCols > 0 ? <td className="more">… {g.moreCols}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {g.moreRows > 0 ? <p className="muted">… {g.moreRows} more rows</p> : null}
    </div>
  );
}

function StorageBlock({ s, tensors, hueOf }: { s: LayoutStorage; tensors: LayoutTensor[]; hueOf: (t: LayoutTensor) => number }) {
  const [hover, setHover] = useState<number | null>(null);
  const marked = new Set(hover === null ? [] : [hover]);
  return (
    <section className="storage-block" aria-label={`storage #${s.id}`}>
      <h4>
        storage #{s.id} · {s.size} × {s.dtype} · {formatBytes(s.bytes)}
        {tensors.length > 1 ? <span className="shared"> · shared by {tensors.map((t) => t.name).join(', ')}</span> : null}
      </h4>
      <Strip values={s.values} size={s.size} marked={marked} label={`storage #${s.id} cells`} />
      {tensors.map((t) => {
        const itemsize = s.bytes / Math.max(s.size, 1);
        const numel = t.shape.reduce((a, b) => a * b, 1);
        return (
          <div key={t.tensor} className="layout-tensor" data-tensor={t.name}>
            <p>
              <code>{t.name}</code>: shape <code>{tupleText(t.shape)}</code>, strides <code data-testid="layout-strides">{tupleText(t.strides)}</code>, offset{' '}
              <code>{t.offset}</code> — {t.contiguous ? 'contiguous' : 'not contiguous'}
              {t.base !== null ? ' (a view)' : ''}
            </p>
            <TensorGrid t={t} hue={hueOf(t)} hover={hover} onHover={setHover} values={s.values} />
            {!t.contiguous ? (
              <div className="contiguous-copy">
                <p className="muted">
                  <code>{t.name}.contiguous()</code> copies into a new storage ({numel} × {t.dtype}, {formatBytes(numel * itemsize)}) with strides{' '}
                  <code>{tupleText(contiguousStrides(t.shape))}</code>:
                </p>
                <Strip values={s.values ? storageIndices(t).map((i) => s.values![i]!) : null} size={numel} marked={new Set()} label={`${t.name}.contiguous() storage`} copy />
              </div>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

export function LayoutBody({ data }: { data: LayoutData }) {
  const hueOf = (t: LayoutTensor) => HUES[data.tensors.indexOf(t) % HUES.length]!;
  return (
    <div className="layout-view">
      {data.storages.map((s) => (
        <StorageBlock key={s.id} s={s} tensors={data.tensors.filter((t) => t.storage === s.id)} hueOf={hueOf} />
      ))}
    </div>
  );
}
