// @vitest-environment jsdom
// The inspect views as the app wires them (boot.tsx, mirrored by renderApp):
// a tensor's row in the Variables tab explains the name on the Graph tab, by
// click or by Enter; the tensor inspector draws the storage its strides read.
// The canvas and the real kernel are covered in Chromium (test/browser/inspect_app.browser.test.ts).
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TENSOR_MIME, type TensorSummary, type VariableInfo } from '../../engine/runtime/protocol.ts';
import type { TraceEvent } from '../../engine/trace/events.ts';
import { makeCell, notebookFromCells } from '../notebook/model.ts';
import { renderApp } from '../test_support/render_app.tsx';

let app: Awaited<ReturnType<typeof renderApp>> | null = null;
afterEach(async () => {
  await app?.unmount();
  app = null;
});

/** A weight, three MmBackward0 each saving 4,096 B, chained by AddBackward0 into `total`; `w` is the leaf. */
function trace(): TraceEvent[] {
  const out: TraceEvent[] = [{ type: 'run-start', runId: 1, cell: '<cell 1>', executionCount: 1 }];
  out.push({ type: 'storage-alloc', storage: 1, bytes: 1600, dtype: 'float32', category: 'parameter' });
  out.push({ type: 'node-created', node: 1, name: 'AccumulateGrad', next: [], savedBytes: 0, module: null, saved: [], leaf: { tensor: 1, storage: 1, bytes: 1600, shape: [20, 20], dtype: 'float32', label: 'w' } });
  let prev: number | null = null;
  for (let k = 0; k < 3; k++) {
    out.push({ type: 'storage-alloc', storage: 10 + k, bytes: 4096, dtype: 'float32', category: 'saved' });
    out.push({ type: 'node-created', node: 10 * (k + 1), name: 'MmBackward0', next: [1], savedBytes: 4096, module: null, saved: [{ storage: 10 + k, bytes: 4096, shape: [32, 32], dtype: 'float32' }] });
    out.push({ type: 'node-created', node: 10 * (k + 1) + 1, name: 'AddBackward0', next: prev === null ? [10 * (k + 1)] : [prev, 10 * (k + 1)], savedBytes: 0, module: null, saved: [] });
    prev = 10 * (k + 1) + 1;
  }
  out.push({
    type: 'names',
    names: [
      { name: 'total', tensor: 99, storage: 50, bytes: 4, gradFn: prev, shape: [], dtype: 'float32', heldBytes: 13_892, savedBytes: 12_288, retainedBytes: 12_292 },
      { name: 'w', tensor: 1, storage: 1, bytes: 1600, gradFn: null, shape: [20, 20], dtype: 'float32', heldBytes: 1600, savedBytes: 0, retainedBytes: 0 },
    ],
  });
  out.push({ type: 'run-end', runId: 1, status: 'ok' });
  return out;
}

const VARIABLES: VariableInfo[] = [
  { name: 'n', type: 'int', preview: '3' },
  { name: 'total', type: 'Tensor', shape: [], dtype: 'torch.float32', requiresGrad: true, bytes: 4, preview: 'tensor(1., grad_fn=<AddBackward0>)' },
  { name: 'w', type: 'Tensor', shape: [20, 20], dtype: 'torch.float32', requiresGrad: true, bytes: 1600, preview: 'tensor([[…]])' },
];

async function runCell(events: TraceEvent[], variables: VariableInfo[]): Promise<void> {
  await app!.act(() => app!.commands.runInPlace());
  await app!.act(async () => {
    app!.kernel.runs[0]!.handlers.onTrace!(events);
    app!.kernel.publishVariables(variables);
    await app!.kernel.finish();
  });
}

const row = (name: string) => within(screen.getByRole('table')).getByRole('rowheader', { name }).closest('tr')!;
const selectedTab = () => screen.getByRole('tab', { selected: true }).textContent;

describe('why is this alive, from the Variables tab', () => {
  it('a click on a tensor row opens the Graph tab on its chain and total, and the row stays marked', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'total = …', 'a')]) });
    await runCell(trace(), VARIABLES);
    expect(selectedTab()).toBe('Variables');
    expect(row('n').tabIndex).toBe(-1); // not a tensor: nothing to explain
    expect(row('total').getAttribute('aria-current')).toBeNull();
    await app.act(() => fireEvent.click(row('total')));
    expect(selectedTab()).toBe('Graph');
    expect(app.inspect.store.getState().inspect.selectedName).toBe('total');
    expect(screen.getByTestId('why-alive-saved').textContent).toBe('12,288 B');
    expect(screen.getByRole('region', { name: 'Why is total alive' }).querySelector('li')?.textContent).toBe('total → AddBackward0 → MmBackward0 → saved [32, 32] float32 → 4,096 B');
    expect(app.inspect.store.getState().inspect.whyAlive?.nodes).toHaveLength(7);
    await app.act(() => fireEvent.click(screen.getByRole('tab', { name: 'Variables' })));
    expect(row('total').getAttribute('aria-current')).toBe('true');
    expect(row('total').classList.contains('selected')).toBe(true);
    expect(row('w').classList.contains('selected')).toBe(false);
  });

  it('Enter on a focused row does the same; a leaf keeps no saved tensors; a name that is gone says so', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'w = …', 'a')]) });
    await runCell(trace(), VARIABLES);
    row('w').focus();
    expect(document.activeElement).toBe(row('w'));
    await app.act(() => fireEvent.keyDown(row('w'), { key: 'Enter' }));
    expect(selectedTab()).toBe('Graph');
    expect(screen.getByTestId('why-alive-saved').textContent).toBe('0 B');
    expect(screen.getByText(/No saved tensors are reachable from w/)).toBeTruthy();
    // The next run drops `w` from the namespace: the Graph tab says it holds nothing now.
    const names = trace().filter((e) => e.type === 'names').map((e) => ({ ...e, names: e.names.filter((n) => n.name !== 'w') }));
    await runCell(names, VARIABLES.filter((v) => v.name !== 'w'));
    expect(screen.queryByTestId('why-alive-saved')).toBeNull();
    expect(screen.getByText(/holds no tensor now/).textContent).toBe('w holds no tensor now, so it keeps nothing of the graph alive.');
  });
});

describe('the tensor inspector', () => {
  const result = async (summary: TensorSummary) => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'x', 'a')]) });
    await app.act(() => app!.commands.runInPlace());
    await app.act(async () => {
      app!.kernel.runs[0]!.handlers.onResult!({ 'text/plain': 'tensor(…)', [TENSOR_MIME]: summary }, 1);
      await app!.kernel.finish();
    });
    return document.querySelector<HTMLDetailsElement>('[data-cell-id="a"] details.tensor-inspector')!;
  };
  const open = (details: HTMLDetailsElement) =>
    app!.act(async () => {
      details.open = true;
      await new Promise((r) => setTimeout(r, 0)); // 'toggle' is dispatched asynchronously
    });

  it('draws the layout of arange(12).view(3, 4).t() once opened: strides (1, 4) over 12 storage cells', async () => {
    const inspector = await result({ shape: [4, 3], dtype: 'torch.int64', strides: [1, 4], storageOffset: 0, requiresGrad: false, isLeaf: true, gradFn: null, storageBytes: 96, bytes: 96, storageId: 3 });
    expect(inspector.querySelector('.layout-view')).toBeNull(); // nothing drawn while the inspector is closed
    await open(inspector);
    const layout = inspector.querySelector('details.tensor-layout')!;
    expect((layout as HTMLDetailsElement).open).toBe(true);
    expect(within(layout as HTMLElement).getByTestId('layout-strides').textContent).toBe('(1, 4)');
    expect(layout.querySelectorAll('.storage-strip:not(.copy) .cell')).toHaveLength(12);
    expect(layout.querySelector('.contiguous-copy')?.textContent).toContain('strides (3, 1)');
  });

  it('keeps a large layout closed behind its Layout toggle', async () => {
    const inspector = await result({ shape: [100, 100], dtype: 'torch.float32', strides: [100, 1], storageOffset: 0, requiresGrad: false, isLeaf: true, gradFn: null, storageBytes: 40_000, bytes: 40_000, storageId: 4 });
    await open(inspector);
    const layout = inspector.querySelector<HTMLDetailsElement>('details.tensor-layout')!;
    expect(layout.open).toBe(false);
    expect(layout.querySelector('.layout-view')).toBeNull();
    await open(layout);
    expect(within(layout).getByTestId('layout-strides').textContent).toBe('(100, 1)');
  });
});
