// A readable text picture of a notebook, for test snapshots:
//
//   > [1] code "x = 1" | stdout "1\n"
//      md (editing) "# Title"
//
// `>` marks the selected cell (`>>` in edit mode); outputs follow `|`.
import type { MimeBundle } from '../../engine/runtime/protocol.ts';
import type { Output } from './model.ts';
import type { NotebookState } from './transitions.ts';

export function describeNotebook(state: NotebookState): string {
  return state.doc.cellOrder
    .map((id) => {
      const cell = state.doc.cells[id];
      const mark = state.selectedId === id ? (state.mode === 'edit' ? '>>' : '> ') : '  ';
      const kind =
        cell.type === 'code'
          ? `[${cell.executionCount ?? ' '}] code`
          : cell.type === 'markdown'
            ? `md${state.editingMarkdown[id] ? ' (editing)' : ''}`
            : 'raw';
      const outputs = cell.outputs.map(describeOutput);
      return [`${mark} ${kind} ${JSON.stringify(cell.source)}`, ...outputs].join(' | ');
    })
    .join('\n');
}

export function describeOutput(output: Output): string {
  switch (output.type) {
    case 'stream':
      return `${output.name} ${JSON.stringify(output.text)}`;
    case 'display_data':
      return `display${output.transient ? `#${output.transient.displayId}` : ''} ${describeBundle(output.data)}`;
    case 'execute_result':
      return `Out[${output.executionCount}] ${describeBundle(output.data)}`;
    case 'error':
      return `${output.ename}: ${output.evalue}`;
  }
}

function describeBundle(data: MimeBundle): string {
  const text = data['text/plain'];
  return typeof text === 'string' ? JSON.stringify(text) : `{${Object.keys(data).join(', ')}}`;
}
