// Monaco, loaded on first use as chunks of its own (the notebook never pays
// for it): the editor core, the Markdown grammar, and its Worker.
import type * as MonacoApi from 'monaco-editor/editor/editor.api';

export type Monaco = typeof MonacoApi;

let loading: Promise<Monaco> | undefined;

export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    self.MonacoEnvironment = {
      getWorker: () => new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), { type: 'module' }),
    };
    const monaco = await import('monaco-editor/editor/editor.api');
    await import('monaco-editor/languages/definitions/markdown/register');
    return monaco;
  })();
  return loading;
}
