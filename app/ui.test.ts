// @vitest-environment jsdom
// The app's views in jsdom over the real store, persistence and session, with a
// hand-driven kernel (test_support/). What needs a real browser (layout,
// scrolling, the Worker) is covered by the Chromium tests in test/browser.
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TENSOR_MIME } from '../engine/runtime/protocol.ts';
import { type Cell, makeCell, notebookFromCells } from './notebook/model.ts';
import { renderApp } from './test_support/render_app.tsx';

let app: Awaited<ReturnType<typeof renderApp>> | null = null;
afterEach(async () => {
  await app?.unmount();
  app = null;
});

const codeCells = (n: number): Cell[] => Array.from({ length: n }, (_, i) => makeCell('code', `# cell ${i}\nx${i} = torch.randn(3, 4)\nprint(x${i}.sum())`, `c${i}`));
const cellEl = (id: string) => document.querySelector<HTMLElement>(`[data-cell-id="${id}"]`)!;
const mountedEditors = () => document.querySelectorAll('.cm-editor:not(.cell-static)').length;
const key = (key: string, init: KeyboardEventInit = {}) => fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });

describe('opening a notebook', () => {
  it('shows a 100-cell notebook without mounting editors, and mounts one when a cell is edited', async () => {
    app = await renderApp({ doc: notebookFromCells(codeCells(100), 'big') });
    expect(document.querySelectorAll('.cell').length).toBe(100);
    expect(document.querySelectorAll('.cell-static').length).toBe(100);
    expect(mountedEditors()).toBe(0);
    // The static view is highlighted with the editor's token classes.
    expect(cellEl('c5').querySelector('.tok-comment')?.textContent).toBe('# cell 5');
    await app.act(() => app!.store.getState().enterEditMode('c50'));
    expect(mountedEditors()).toBe(1);
    expect(cellEl('c50').querySelector('.cm-content')?.textContent).toContain('x50 = torch.randn(3, 4)');
    // Reported, not asserted: jsdom timing says little about a browser's.
    console.info(`jsdom: rendered 100 cells in ${app.renderMs.toFixed(0)} ms`);
  });

  it('renders Markdown with math, and a hostile Markdown cell runs nothing', async () => {
    const hostile = makeCell('markdown', '# Hi $x^2$\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) <a href="javascript:alert(2)" onclick="alert(3)">a</a>', 'm');
    app = await renderApp({ doc: notebookFromCells([hostile, makeCell('code', '', 'c')]) });
    const rendered = cellEl('m').querySelector('.rendered-markdown')!;
    expect(rendered.querySelector('h1')?.textContent).toContain('Hi');
    expect(rendered.querySelector('.katex')).not.toBeNull();
    const attrs = [...rendered.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`));
    expect(attrs.filter((a) => /^on|javascript:/i.test(a))).toEqual([]);
    expect(rendered.querySelector('img')?.getAttribute('src')).toBe('x');
  });

  it('double-click edits a Markdown cell; Shift+Enter renders it again', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('markdown', '**bold**', 'm'), makeCell('code', '', 'c')]) });
    fireEvent.doubleClick(cellEl('m').querySelector('.rendered-markdown')!);
    expect(cellEl('m').querySelector('.cm-content')?.textContent).toBe('**bold**');
    await app.act(() => app!.commands.runAndAdvance());
    expect(cellEl('m').querySelector('.rendered-markdown strong')?.textContent).toBe('bold');
    expect(app.store.getState().notebook.selectedId).toBe('c');
  });
});

describe('running cells', () => {
  it('shows [*] while running, streams output, then [n], Out[n] and the run time', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'print(1)\n2', 'a'), makeCell('code', '', 'b')]) });
    const a = cellEl('a');
    a.focus();
    key('Enter', { shiftKey: true });
    expect(within(a).getByText('[*]:')).toBeTruthy();
    await app.act(() => app!.kernel.runs[0].handlers.onStream!('stdout', '1\n'));
    expect(a.querySelector('.output-stdout')?.textContent).toBe('1\n');
    await app.act(async () => {
      app!.kernel.runs[0].handlers.onResult!({ 'text/plain': '2' }, 1);
      await app!.kernel.finish();
    });
    expect(within(a).getByText('[1]:')).toBeTruthy();
    expect(within(a).getByText('Out[1]:')).toBeTruthy();
    expect(a.querySelector('.cell-time')?.textContent).toBe('7ms');
    expect(app.store.getState().notebook.selectedId).toBe('b');
  });

  it('links traceback lines to the cell line and highlights it', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'x = torch.ones(2, 3)\nx.t().view(6)', 'a'), makeCell('code', '', 'b')]) });
    await app.act(() => app!.commands.runInPlace());
    await app.act(async () => {
      app!.kernel.runs[0].handlers.onError!({
        type: 'error',
        runId: 1,
        ename: 'RuntimeError',
        evalue: 'view size is not compatible with input tensor\'s size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.',
        traceback: ['Traceback (most recent call last):', '  File "<cell 1>", line 2, in <module>', '    x.t().view(6)', "RuntimeError: view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."],
        frames: [{ filename: '<cell 1>', lineno: 2, name: '<module>' }],
      });
      await app!.kernel.finish('error');
    });
    const error = cellEl('a').querySelector('.output-error')!;
    expect(error.textContent).toContain("RuntimeError: view size is not compatible with input tensor's size and stride");
    await app.act(() => fireEvent.click(screen.getByTitle('Go to line 2 of this cell')));
    expect(app.store.getState().notebook.mode).toBe('edit');
    const flashed = cellEl('a').querySelector('.cm-traceback-line');
    expect(flashed?.textContent).toBe('x.t().view(6)');
  });

  it('interrupts from the toolbar and restarts from a dead kernel', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'while True: pass', 'a')]) });
    await app.act(() => app!.commands.runInPlace());
    await app.act(() => fireEvent.click(screen.getByRole('button', { name: 'Interrupt' })));
    expect(cellEl('a').querySelector('.output-error')?.textContent).toContain('KeyboardInterrupt');
    await app.act(() => app!.kernel.setStatus('dead'));
    expect(screen.getByRole('alert').textContent).toMatch(/Your notebook is safe/);
    expect(document.querySelector('[data-kernel-status]')?.getAttribute('data-kernel-status')).toBe('dead');
    await app.act(() => fireEvent.click(screen.getAllByRole('button', { name: 'Restart kernel' })[0]));
    expect(app.kernel.restarts).toBe(1);
  });

  it('shows start-up progress while the kernel starts', async () => {
    app = await renderApp({ kernelStatus: 'starting' });
    await app.act(() => app!.kernel.progress('Loading Python', 0.4));
    const bar = screen.getByRole('progressbar', { name: 'Python start-up progress' }) as HTMLProgressElement;
    expect(bar.value).toBeCloseTo(0.4);
    expect(screen.getByRole('status').textContent).toBe('Kernel starting — Loading Python');
    await app.act(() => app!.kernel.setStatus('idle'));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});

describe('command mode keys', () => {
  it('A, B, D D, Z, M, Y and J/K act on the selected cell', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'one', 'a'), makeCell('code', 'two', 'b')]) });
    const order = () => app!.store.getState().notebook.doc.cellOrder.map((id) => app!.store.getState().notebook.doc.cells[id]);
    cellEl('a').focus();
    await app.act(() => void key('j'));
    expect(app.store.getState().notebook.selectedId).toBe('b');
    await app.act(() => void key('a'));
    await app.act(() => void key('m'));
    expect(order().map((c) => c.type)).toEqual(['code', 'markdown', 'code']);
    await app.act(() => void key('y'));
    await app.act(() => void key('b'));
    expect(order().length).toBe(4);
    await app.act(() => void key('d'));
    await app.act(() => void key('d'));
    expect(order().map((c) => c.source)).toEqual(['one', '', 'two']);
    await app.act(() => void key('z'));
    expect(order().length).toBe(4);
    await app.act(() => void key('k'));
    await app.act(() => void key('h'));
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
  });
});

describe('edit mode keys', () => {
  it('↓ on the last line moves into the next cell, ↑ on the first line back; Esc leaves the editor', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'one', 'a'), makeCell('code', 'two', 'b')]) });
    await app.act(() => app!.store.getState().enterEditMode('a'));
    const content = (id: string) => cellEl(id).querySelector<HTMLElement>('.cm-content')!;
    await app.act(() => void fireEvent.keyDown(content('a'), { key: 'ArrowDown' }));
    expect([app.store.getState().notebook.selectedId, app.store.getState().notebook.mode]).toEqual(['b', 'edit']);
    await app.act(() => void fireEvent.keyDown(content('b'), { key: 'ArrowUp' }));
    expect(app.store.getState().notebook.selectedId).toBe('a');
    await app.act(async () => {
      fireEvent.keyDown(content('a'), { key: 'Escape' });
      await new Promise((r) => requestAnimationFrame(r));
    });
    expect(app.store.getState().notebook.mode).toBe('command');
    expect(document.activeElement).toBe(cellEl('a'));
  });
});

describe('panels and files', () => {
  it('lists variables and inspects tensors', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'x', 'a')]) });
    await app.act(() =>
      app!.kernel.publishVariables([{ name: 'x', type: 'Tensor', shape: [2, 3], dtype: 'torch.float32', requiresGrad: true, bytes: 24, preview: 'tensor([[...]])' }]),
    );
    const table = screen.getByRole('table');
    expect(within(table).getByRole('rowheader', { name: 'x' }).closest('tr')?.textContent).toBe('xTensor[2, 3]float32True24 B');
    await app.act(() => app!.commands.runInPlace());
    await app.act(async () => {
      app!.kernel.runs[0].handlers.onResult!(
        {
          'text/plain': 'tensor([[1., 1., 1.],\n        [1., 1., 1.]], requires_grad=True)',
          [TENSOR_MIME]: { shape: [2, 3], dtype: 'torch.float32', strides: [3, 1], storageOffset: 0, requiresGrad: true, isLeaf: true, gradFn: null, storageBytes: 24, bytes: 24, storageId: 1 },
        },
        1,
      );
      await app!.kernel.finish();
    });
    const inspector = cellEl('a').querySelector('details.tensor-inspector')!;
    expect(inspector.querySelector('summary')?.textContent).toBe('Tensor [2, 3] · float32 · requires_grad · 24 B');
    expect([...inspector.querySelectorAll('tr')].map((r) => r.textContent)).toContain('stride()(3, 1)');
  });

  it('a malformed .ipynb is refused with a message and the notebook stays', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'my work', 'a')], 'mine') });
    const input = screen.getByLabelText('Open .ipynb file') as HTMLInputElement;
    const file = new File(['{"nbformat": 4, "cells": "oops"}'], 'bad.ipynb');
    await app.act(async () => {
      fireEvent.change(input, { target: { files: [file] } });
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(screen.getByRole('alert').textContent).toContain('Could not open "bad.ipynb". This notebook has no "cells" list. Nothing was changed.');
    expect(app.store.getState().notebook.doc.title).toBe('mine');
  });

  it('downloads the notebook as .ipynb', async () => {
    app = await renderApp({ doc: notebookFromCells([makeCell('code', 'x = 1', 'a')], 'Lesson 1') });
    fireEvent.click(screen.getByRole('button', { name: 'Download .ipynb' }));
    expect(app.downloads.map((d) => d.fileName)).toEqual(['Lesson 1.ipynb']);
    expect(JSON.parse(app.downloads[0].text).cells[0].source).toEqual(['x = 1']);
  });
});
