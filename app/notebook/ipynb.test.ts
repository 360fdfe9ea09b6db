import { describe, expect, it } from 'vitest';
import { PLOTLY_MIME, TENSOR_MIME } from '../../engine/runtime/protocol.ts';
import { type Cell, type NotebookDoc, makeCell, makeNotebook, notebookFromCells } from './model.ts';
import { NBFORMAT_MINOR, ipynbFileName, parseIpynb, serializeIpynb, splitLines, toIpynb } from './ipynb.ts';

function richNotebook(): NotebookDoc {
  const base = makeNotebook('Lesson 1');
  const code: Cell = {
    ...makeCell('code', 'import torch\nx = torch.ones(2, 3)\nx', 'a1b2c3d4'),
    executionCount: 3,
    metadata: { collapsed: false, tags: ['setup'] },
    outputs: [
      { type: 'stream', name: 'stdout', text: 'epoch 3/3\nloss 0.1\n' },
      { type: 'stream', name: 'stderr', text: 'warning\n' },
      { type: 'display_data', data: { 'text/plain': '<Figure>', [PLOTLY_MIME]: { data: [{ x: [1, 2], y: [3, 4], type: 'scatter' }], layout: { title: { text: 't' } } } }, metadata: {} },
      { type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': '<Image>' }, metadata: { 'image/png': { width: 10 } } },
      {
        type: 'execute_result',
        executionCount: 3,
        metadata: {},
        data: {
          'text/plain': 'tensor([[1., 1., 1.],\n        [1., 1., 1.]])',
          [TENSOR_MIME]: { shape: [2, 3], dtype: 'torch.float32', strides: [3, 1], storageOffset: 0, requiresGrad: false, isLeaf: true, gradFn: null, storageBytes: 24, bytes: 24, storageId: 7 },
        },
      },
    ],
  };
  const failed: Cell = {
    ...makeCell('code', 'x.t().view(6)', 'err-cell'),
    executionCount: 4,
    outputs: [{ type: 'error', ename: 'RuntimeError', evalue: 'view size is not compatible', traceback: ['Traceback (most recent call last):', '  File "<cell 4>", line 1, in <module>', 'RuntimeError: view size is not compatible'] }],
  };
  const md: Cell = { ...makeCell('markdown', '# Title\n\nSome $x^2$ math\n', 'md_1'), attachments: { 'a.png': { 'image/png': 'AAAA' } } };
  const raw = makeCell('raw', 'raw text', 'raw-1');
  const empty = makeCell('code', '', 'empty');
  return notebookFromCells([md, code, failed, raw, empty], 'Lesson 1', base.id, base.metadata);
}

describe('export to nbformat 4.5', () => {
  it('writes cells with ids and outputs in the nbformat 4 shapes', () => {
    const nb = toIpynb(richNotebook());
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(NBFORMAT_MINOR);
    expect(nb.metadata.kernelspec).toEqual({ display_name: 'Python 3 (Glassgrad)', language: 'python', name: 'python3' });
    expect((nb.metadata.language_info as { name: string }).name).toBe('python');
    const [md, code, failed, raw, empty] = nb.cells;
    expect(md).toEqual({ cell_type: 'markdown', id: 'md_1', metadata: {}, source: ['# Title\n', '\n', 'Some $x^2$ math\n'], attachments: { 'a.png': { 'image/png': 'AAAA' } } });
    expect(Object.keys(code).sort()).toEqual(['cell_type', 'execution_count', 'id', 'metadata', 'outputs', 'source']);
    expect(code.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['epoch 3/3\n', 'loss 0.1\n'] },
      { output_type: 'stream', name: 'stderr', text: ['warning\n'] },
      {
        output_type: 'display_data',
        data: { 'text/plain': ['<Figure>'], [PLOTLY_MIME]: { data: [{ x: [1, 2], y: [3, 4], type: 'scatter' }], layout: { title: { text: 't' } } } },
        metadata: {},
      },
      { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': ['<Image>'] }, metadata: { 'image/png': { width: 10 } } },
      expect.objectContaining({ output_type: 'execute_result', execution_count: 3, metadata: {} }),
    ]);
    expect(failed.outputs).toEqual([
      { output_type: 'error', ename: 'RuntimeError', evalue: 'view size is not compatible', traceback: ['Traceback (most recent call last):', '  File "<cell 4>", line 1, in <module>', 'RuntimeError: view size is not compatible'] },
    ]);
    expect(raw).toEqual({ cell_type: 'raw', id: 'raw-1', metadata: {}, source: ['raw text'] });
    expect(empty).toEqual({ cell_type: 'code', id: 'empty', metadata: {}, source: [], execution_count: null, outputs: [] });
  });

  it('never writes a display id (transient data is not part of nbformat)', () => {
    const doc = notebookFromCells([{ ...makeCell('code', 'x', 'c'), outputs: [{ type: 'display_data', data: { 'text/plain': '1%' }, metadata: {}, transient: { displayId: 'bar' } }] }]);
    expect(JSON.stringify(toIpynb(doc))).not.toContain('bar');
  });

  it('formats the file as Jupyter does: sorted keys, one-space indent, final newline', () => {
    const text = serializeIpynb(notebookFromCells([makeCell('code', 'x = 1', 'c1')], 'T', 'id', {}));
    expect(text).toBe(
      [
        '{',
        ' "cells": [',
        '  {',
        '   "cell_type": "code",',
        '   "execution_count": null,',
        '   "id": "c1",',
        '   "metadata": {},',
        '   "outputs": [],',
        '   "source": [',
        '    "x = 1"',
        '   ]',
        '  }',
        ' ],',
        ' "metadata": {',
        '  "kernelspec": {',
        '   "display_name": "Python 3 (Glassgrad)",',
        '   "language": "python",',
        '   "name": "python3"',
        '  },',
        '  "language_info": {',
        '   "codemirror_mode": {',
        '    "name": "ipython",',
        '    "version": 3',
        '   },',
        '   "file_extension": ".py",',
        '   "mimetype": "text/x-python",',
        '   "name": "python",',
        '   "nbconvert_exporter": "python",',
        '   "pygments_lexer": "ipython3"',
        '  }',
        ' },',
        ' "nbformat": 4,',
        ' "nbformat_minor": 5',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('splits lines like Python str.splitlines(True)', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a')).toEqual(['a']);
    expect(splitLines('a\n')).toEqual(['a\n']);
    expect(splitLines('a\n\nb')).toEqual(['a\n', '\n', 'b']);
  });

  it('names the file after the title', () => {
    expect(ipynbFileName('Lesson 1')).toBe('Lesson 1.ipynb');
    expect(ipynbFileName('a/b:c')).toBe('a_b_c.ipynb');
    expect(ipynbFileName('  ')).toBe('Untitled.ipynb');
  });
});

describe('round trip', () => {
  it('export then import gives an identical notebook', () => {
    const doc = richNotebook();
    const back = parseIpynb(serializeIpynb(doc), { id: doc.id, title: doc.title });
    expect(back).toEqual({ ok: true, doc, notes: [] });
  });

  it('a new notebook round-trips too, and a second export is byte-identical', () => {
    const doc = makeNotebook('fresh');
    const text = serializeIpynb(doc);
    const back = parseIpynb(text, { id: doc.id, title: 'fresh' });
    if (!back.ok) throw new Error(back.error);
    expect(back.doc).toEqual(doc);
    expect(serializeIpynb(back.doc)).toBe(text);
  });
});

describe('import', () => {
  const minimal = (cells: unknown[], extra: object = {}) => JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells, ...extra });

  it('accepts sources as strings, fills missing ids, outputs and metadata (nbformat 4.0–4.4)', () => {
    const r = parseIpynb(minimal([{ cell_type: 'code', source: 'print(1)' }, { cell_type: 'markdown', source: ['# a\n', 'b'], metadata: {} }]), { title: 'old' });
    if (!r.ok) throw new Error(r.error);
    const cells = r.doc.cellOrder.map((id) => r.doc.cells[id]);
    expect(cells.map((c) => [c.type, c.source, c.outputs, c.executionCount])).toEqual([
      ['code', 'print(1)', [], null],
      ['markdown', '# a\nb', [], null],
    ]);
    expect(cells.every((c) => /^[0-9a-f]{8}$/.test(c.id))).toBe(true);
    expect(r.notes).toEqual(['2 cells had no valid unique id and got a new one.']);
  });

  it('gives duplicate ids new ones', () => {
    const r = parseIpynb(minimal([{ cell_type: 'code', id: 'same', source: '' }, { cell_type: 'code', id: 'same', source: '' }]), { title: 't' });
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.cellOrder[0]).toBe('same');
    expect(r.doc.cellOrder[1]).not.toBe('same');
  });

  it.each([
    ['not JSON', '{"cells": [', /not valid JSON/],
    ['a JSON list', '[]', /not an object/],
    ['no nbformat', JSON.stringify({ cells: [] }), /no "nbformat"/],
    ['nbformat 3', JSON.stringify({ nbformat: 3, worksheets: [] }), /nbformat 3; only nbformat 4/],
    ['no cells', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {} }), /no "cells" list/],
    ['unknown cell type', minimal([{ cell_type: 'heading', source: '' }]), /Cell 1 has an unknown cell_type "heading"/],
    ['cell without source', minimal([{ cell_type: 'markdown' }, { cell_type: 'code' }]), /Cell 1 \(markdown\) has no "source"/],
    ['bad source', minimal([{ cell_type: 'code', source: [1, 2] }]), /Cell 1's "source" is neither a string nor a list of strings/],
    ['bad outputs', minimal([{ cell_type: 'code', source: '', outputs: {} }]), /Cell 1's "outputs" is not a list/],
    ['unknown output', minimal([{ cell_type: 'code', source: '', outputs: [{ output_type: 'pyout' }] }]), /Cell 1, output 1 has an unknown output_type "pyout"/],
    ['bad stream', minimal([{ cell_type: 'code', source: '', outputs: [{ output_type: 'stream', name: 'stdin', text: '' }] }]), /stream named "stdin"/],
    ['bad error', minimal([{ cell_type: 'code', source: '', outputs: [{ output_type: 'error', ename: 'E' }] }]), /without "ename" and "evalue"/],
    ['bad count', minimal([{ cell_type: 'code', source: '', execution_count: 'one' }]), /"execution_count" is "one"/],
    ['bad mime data', minimal([{ cell_type: 'code', source: '', outputs: [{ output_type: 'display_data', data: { 'text/plain': 5 }, metadata: {} }] }]), /text\/plain is neither a string/],
  ])('rejects %s with a clear message', (_name, text, message) => {
    const r = parseIpynb(text, { title: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
