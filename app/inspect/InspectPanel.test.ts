// @vitest-environment jsdom
// The inspect panel in jsdom over a store fed with trace events: what it
// says in text (counts, the run diff, "why is this alive?", memory now). The
// canvas, the layout Worker and Plotly need a browser: test/browser covers them.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/trace/events.ts';
import { InspectProvider } from './context.tsx';
import { InspectFeed } from './feed.ts';
import { InspectPanel } from './InspectPanel.tsx';
import { createInspectStore } from './store.ts';

afterEach(cleanup);

function events(): TraceEvent[] {
  const out: TraceEvent[] = [{ type: 'run-start', runId: 1, cell: '<cell 1>', executionCount: 1 }];
  out.push({ type: 'storage-alloc', storage: 1, bytes: 1600, dtype: 'float32', category: 'parameter' });
  out.push({ type: 'node-created', node: 1, name: 'AccumulateGrad', next: [], savedBytes: 0, module: 'Net.fc', saved: [], leaf: { tensor: 1, storage: 1, bytes: 1600, shape: [20, 20], dtype: 'float32', label: 'fc.weight' } });
  let prev: number | null = null;
  for (let k = 0; k < 3; k++) {
    const s = 10 + k;
    out.push({ type: 'storage-alloc', storage: s, bytes: 4096, dtype: 'float32', category: 'other' });
    out.push({ type: 'node-created', node: 10 * (k + 1), name: 'MmBackward0', next: [1], savedBytes: 4096, module: 'Net.fc', saved: [{ storage: s, bytes: 4096, shape: [32, 32], dtype: 'float32' }] });
    out.push({ type: 'node-created', node: 10 * (k + 1) + 1, name: 'AddBackward0', next: prev === null ? [10 * (k + 1)] : [prev, 10 * (k + 1)], savedBytes: 0, module: null, saved: [] });
    prev = 10 * (k + 1) + 1;
  }
  out.push({ type: 'names', names: [{ name: 'total', tensor: 99, storage: 50, bytes: 4, gradFn: prev, shape: [], dtype: 'float32', heldBytes: 13_892, savedBytes: 12_288, retainedBytes: 12_292 }], labels: [{ storage: 1, label: 'fc.weight' }] });
  out.push({ type: 'run-end', runId: 1, status: 'ok' });
  return out;
}

describe('InspectPanel', () => {
  it('states the live graph, the last run, and why a name is alive, with the engine\'s totals', async () => {
    const feed = new InspectFeed(createInspectStore(), (publish) => publish());
    render(createElement(InspectProvider, { feed, children: createElement(InspectPanel) }));
    expect(screen.getByText(/No autograd graph is alive/)).toBeTruthy();
    act(() => feed.ingest(events()));
    expect(screen.getByTestId('graph-node-count').textContent).toBe('7');
    expect(screen.getByTestId('run-diff').textContent).toMatch(/^Last run \[1\]: \+7 nodes, −0 nodes · memory \+14\.3 kB \(\+14\.3 kB allocated, −0 B freed\)$/);
    fireEvent.change(screen.getByLabelText('Why is this alive?'), { target: { value: 'total' } });
    expect(screen.getByTestId('why-alive-saved').textContent).toBe('12,288 B');
    expect(screen.getByTestId('why-alive-retained').textContent).toBe('12,292 B');
    expect(screen.getAllByRole('listitem')[0]!.textContent).toBe('total → AddBackward0 → MmBackward0 → saved [32, 32] float32 → 4,096 B');
    act(() => feed.store.getState().selectGraphNode(31));
    const details = screen.getByRole('region', { name: 'Node details' });
    expect(details.textContent).toContain('AddBackward0 #31');
    expect(details.textContent).toContain('grad_fn oftotal');
    fireEvent.click(screen.getByRole('button', { name: 'MmBackward0' }));
    expect(screen.getByRole('region', { name: 'Node details' }).textContent).toContain('next_functionsAccumulateGrad (fc.weight)Savedsaved [32, 32] float32 · 4.10 kB');
    fireEvent.click(screen.getByRole('tab', { name: 'Memory' }));
    expect(screen.getByTestId('memory-live').textContent).toBe('14,336 B');
    expect(screen.getByRole('table', { name: 'Largest live storages' }).textContent).toContain('fc.weight');
    expect(screen.getByRole('table', { name: 'Largest live storages' }).textContent).toContain('saved by MmBackward0 (Net.fc)');
  });
});
