// The memory timeline as a Plotly figure: live bytes stacked by category over
// the session's memory events, a line at each cell's start, the peak marked.
import { MEM_CATEGORIES, type MemoryCategory, type MemorySnapshot } from '../../../engine/trace/memory_timeline.ts';
import { formatBytes } from '../format.ts';

export const CATEGORY_COLORS: Record<MemoryCategory, string> = {
  parameter: '#1976d2',
  gradient: '#7b1fa2',
  saved: '#f57c00',
  optimizer: '#388e3c',
  other: '#9e9e9e',
};

export const CATEGORY_LABELS: Record<MemoryCategory, string> = {
  parameter: 'parameters',
  gradient: 'gradients',
  saved: 'saved for backward',
  optimizer: 'optimizer state',
  other: 'other',
};

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export function memoryFigure(m: MemorySnapshot, height = 260): Figure {
  const x = m.samples.map((s) => s.seq);
  const data = MEM_CATEGORIES.map((c) => ({
    type: 'scatter',
    mode: 'lines',
    name: CATEGORY_LABELS[c],
    x,
    y: m.samples.map((s) => s.blocks[c]),
    stackgroup: 'memory',
    line: { width: 0.5, color: CATEGORY_COLORS[c], shape: 'hv' },
    fillcolor: CATEGORY_COLORS[c],
    hovertemplate: `${CATEGORY_LABELS[c]}: %{y:,} B<extra></extra>`,
  }));
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const r of m.runs) {
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: r.startSeq, x1: r.startSeq, y0: 0, y1: 1, line: { color: '#616161', width: 1, dash: 'dot' } });
    annotations.push({ xref: 'x', yref: 'paper', x: r.startSeq, y: 1, yanchor: 'bottom', xanchor: 'left', showarrow: false, text: r.executionCount > 0 ? `[${r.executionCount}]` : r.cell, font: { size: 10, color: '#616161' } });
  }
  if (m.peak.totalBlocks > 0) {
    annotations.push({ x: m.peak.seq, y: m.peak.totalBlocks, xref: 'x', yref: 'y', text: `peak ${formatBytes(m.peak.totalBlocks)}`, showarrow: true, arrowhead: 2, ax: 0, ay: -24, font: { size: 10 } });
  }
  return {
    data,
    layout: {
      height,
      margin: { l: 56, r: 10, t: 24, b: 36 },
      showlegend: false, // the categories are listed beside the chart, with their bytes now
      xaxis: { title: { text: 'memory events', font: { size: 10 } }, zeroline: false },
      yaxis: { title: { text: 'live bytes (512-B blocks)', font: { size: 10 } }, tickformat: '.3s', ticksuffix: 'B', rangemode: 'tozero' },
      shapes,
      annotations,
      hovermode: 'x unified',
    },
  };
}
