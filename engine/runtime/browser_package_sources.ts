/// <reference types="vite/client" />
// The Python package's sources in the browser: every .py under engine/python,
// bundled as text by Vite (python_package.ts: there is no list to maintain).
// A module of its own so that the Worker loads it while Pyodide loads.

/** Every .py file under engine/python, keyed by its path relative to that folder. */
export function packageFiles(): Map<string, string> {
  const modules = import.meta.glob<string>('../python/**/*.py', { query: '?raw', import: 'default', eager: true });
  const prefix = '../python/';
  return new Map(
    Object.entries(modules)
      .map(([key, text]): [string, string] => [key.slice(prefix.length), text])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
