// Autocompletion from the kernel (names in the namespace, the torch API with
// signatures and first docstring paragraphs), as a CodeMirror completion source.
import type { Completion as CmCompletion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import type { Completion } from '../../engine/runtime/protocol.ts';

export type CompleteFn = (code: string, cursor: number) => Promise<{ items: Completion[]; from: number } | null>;

/** CodeMirror's icon names for the kernel's completion types. */
const CM_TYPES: Record<string, string> = { module: 'namespace', method: 'method', property: 'property', function: 'function', class: 'class', keyword: 'keyword', variable: 'variable' };

export function kernelCompletionSource(complete: CompleteFn): CompletionSource {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const word = context.matchBefore(/[\w.]*/);
    if (!context.explicit && (!word || word.from === word.to)) return null;
    const result = await complete(context.state.doc.toString(), context.pos);
    if (!result || context.aborted || result.items.length === 0) return null;
    const from = Math.max(0, Math.min(context.pos, result.from));
    return { from, options: result.items.map(toCodeMirror), validFor: /^\w*$/ };
  };
}

export function toCodeMirror(item: Completion): CmCompletion {
  const option: CmCompletion = { label: item.label, type: CM_TYPES[item.type] ?? item.type };
  if (item.detail) option.detail = item.detail;
  if (item.info) option.info = item.info;
  return option;
}
