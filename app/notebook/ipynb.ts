// .ipynb (nbformat 4.5) ⇄ NotebookDoc, pure. Export writes what Jupyter writes
// (multiline strings as lists of lines, keys sorted, one-space indent); import
// accepts any nbformat 4 notebook, fills what older minor versions lack (cell
// ids), and rejects malformed files with a message that says where the problem
// is. Importing never runs anything: it only builds a document.
import type { MimeBundle } from '../../engine/runtime/protocol.ts';
import { type Cell, type CellType, DEFAULT_NOTEBOOK_METADATA, type NotebookDoc, type Output, newCellId, newNotebookId } from './model.ts';

export const NBFORMAT = 4;
export const NBFORMAT_MINOR = 5;

type MultilineString = string | string[];
type JsonObject = Record<string, unknown>;

export interface IpynbOutput extends JsonObject {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
}

export interface IpynbCell extends JsonObject {
  cell_type: CellType;
  id: string;
  metadata: JsonObject;
  source: MultilineString;
}

export interface IpynbNotebook {
  cells: IpynbCell[];
  metadata: JsonObject;
  nbformat: number;
  nbformat_minor: number;
}

// ---- export ----

export function toIpynb(doc: NotebookDoc): IpynbNotebook {
  return {
    cells: doc.cellOrder.map((id) => cellToIpynb(doc.cells[id])),
    metadata: { ...DEFAULT_NOTEBOOK_METADATA, ...doc.metadata },
    nbformat: NBFORMAT,
    nbformat_minor: NBFORMAT_MINOR,
  };
}

/** The file's text, formatted as Jupyter formats it (sorted keys, indent 1, final newline). */
export function serializeIpynb(doc: NotebookDoc): string {
  return `${JSON.stringify(sortKeys(toIpynb(doc)), null, 1)}\n`;
}

export function ipynbFileName(title: string): string {
  const base = title.trim().replace(/[\\/:*?"<>|]+/g, '_') || 'Untitled';
  return base.endsWith('.ipynb') ? base : `${base}.ipynb`;
}

function cellToIpynb(cell: Cell): IpynbCell {
  const base = { id: cell.id, metadata: cell.metadata, source: splitLines(cell.source) };
  switch (cell.type) {
    case 'code':
      return { cell_type: 'code', ...base, execution_count: cell.executionCount, outputs: cell.outputs.map(outputToIpynb) };
    case 'markdown':
      return cell.attachments ? { cell_type: 'markdown', ...base, attachments: mapBundles(cell.attachments, bundleToIpynb) } : { cell_type: 'markdown', ...base };
    case 'raw':
      return { cell_type: 'raw', ...base };
  }
}

function outputToIpynb(output: Output): IpynbOutput {
  switch (output.type) {
    case 'stream':
      return { output_type: 'stream', name: output.name, text: splitLines(output.text) };
    case 'display_data':
      return { output_type: 'display_data', data: bundleToIpynb(output.data), metadata: output.metadata };
    case 'execute_result':
      return { output_type: 'execute_result', data: bundleToIpynb(output.data), metadata: output.metadata, execution_count: output.executionCount };
    case 'error':
      return { output_type: 'error', ename: output.ename, evalue: output.evalue, traceback: output.traceback };
  }
}

/** JSON MIME types keep their value; text types are split into lines as nbformat's writer does. */
function bundleToIpynb(data: MimeBundle): JsonObject {
  const out: JsonObject = {};
  for (const [mime, value] of Object.entries(data)) {
    if (isJsonMime(mime)) out[mime] = value;
    else if (typeof value !== 'string') out[mime] = JSON.stringify(value);
    else out[mime] = splitsIntoLines(mime) ? splitLines(value) : value;
  }
  return out;
}

function isJsonMime(mime: string): boolean {
  return /^application\/(.*\+)?json$/.test(mime);
}

function splitsIntoLines(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'image/svg+xml' || mime === 'application/javascript';
}

/** Python's str.splitlines(True) for "\n" line ends: "a\nb" → ["a\n", "b"], "" → []. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as JsonObject)[key]);
  return out;
}

// ---- import ----

export type IpynbImport = { ok: true; doc: NotebookDoc; notes: string[] } | { ok: false; error: string };

class ImportError extends Error {}

/**
 * Reads an .ipynb file's text into a new document (a new notebook id; the
 * title is usually the file name without `.ipynb`).
 * @example parseIpynb(await file.text(), { title: 'lesson1' })
 */
export function parseIpynb(text: string, options: { title: string; id?: string }): IpynbImport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `This file is not a notebook: it is not valid JSON (${(e as Error).message}).` };
  }
  try {
    return { ok: true, ...readNotebook(json, options) };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: e.message };
    throw e;
  }
}

function readNotebook(json: unknown, options: { title: string; id?: string }): { doc: NotebookDoc; notes: string[] } {
  if (!isObject(json)) throw new ImportError('This file is not a notebook: its JSON is not an object with "cells".');
  if (json.nbformat === undefined) throw new ImportError('This file is not a notebook: it has no "nbformat" version.');
  if (json.nbformat !== NBFORMAT) {
    throw new ImportError(
      `This notebook is nbformat ${JSON.stringify(json.nbformat)}; only nbformat 4 notebooks can be opened. Open and save it in Jupyter to upgrade it.`,
    );
  }
  if (!Array.isArray(json.cells)) throw new ImportError('This notebook has no "cells" list.');
  const metadata = json.metadata === undefined ? {} : json.metadata;
  if (!isObject(metadata)) throw new ImportError('The notebook\'s "metadata" is not an object.');

  const notes: string[] = [];
  const taken = new Set<string>();
  let renamed = 0;
  const cells = json.cells.map((raw, i) => {
    const cell = readCell(raw, `Cell ${i + 1}`);
    if (!isValidCellId(cell.id) || taken.has(cell.id)) {
      cell.id = newCellId((id) => taken.has(id));
      renamed++;
    }
    taken.add(cell.id);
    return cell;
  });
  if (renamed > 0) notes.push(`${renamed} cell${renamed === 1 ? '' : 's'} had no valid unique id and got a new one.`);

  const byId: Record<string, Cell> = {};
  for (const c of cells) byId[c.id] = c;
  const doc: NotebookDoc = { id: options.id ?? newNotebookId(), title: options.title, cellOrder: cells.map((c) => c.id), cells: byId, metadata };
  return { doc, notes };
}

function readCell(raw: unknown, where: string): Cell {
  if (!isObject(raw)) throw new ImportError(`${where} is not an object.`);
  const type = raw.cell_type;
  if (type !== 'code' && type !== 'markdown' && type !== 'raw') {
    throw new ImportError(`${where} has ${type === undefined ? 'no "cell_type"' : `an unknown cell_type ${JSON.stringify(type)}`} (expected "code", "markdown" or "raw").`);
  }
  if (raw.source === undefined) throw new ImportError(`${where} (${type}) has no "source".`);
  const source = readMultiline(raw.source, `${where}'s "source"`);
  const metadata = raw.metadata === undefined ? {} : raw.metadata;
  if (!isObject(metadata)) throw new ImportError(`${where}'s "metadata" is not an object.`);
  const cell: Cell = { id: typeof raw.id === 'string' ? raw.id : '', type, source, outputs: [], executionCount: null, metadata };
  if (type === 'code') {
    const count = raw.execution_count ?? null;
    if (count !== null && !(Number.isInteger(count) && (count as number) >= 0)) {
      throw new ImportError(`${where}'s "execution_count" is ${JSON.stringify(count)}, not a whole number or null.`);
    }
    cell.executionCount = count as number | null;
    const outputs = raw.outputs ?? [];
    if (!Array.isArray(outputs)) throw new ImportError(`${where}'s "outputs" is not a list.`);
    cell.outputs = outputs.map((o, j) => readOutput(o, `${where}, output ${j + 1}`));
  }
  if (type === 'markdown' && raw.attachments !== undefined) {
    if (!isObject(raw.attachments)) throw new ImportError(`${where}'s "attachments" is not an object.`);
    cell.attachments = mapBundles(raw.attachments, (b, name) => readBundle(b, `${where}'s attachment ${JSON.stringify(name)}`));
  }
  return cell;
}

function readOutput(raw: unknown, where: string): Output {
  if (!isObject(raw)) throw new ImportError(`${where} is not an object.`);
  const metadata = () => {
    const m = raw.metadata ?? {};
    if (!isObject(m)) throw new ImportError(`${where}'s "metadata" is not an object.`);
    return m;
  };
  switch (raw.output_type) {
    case 'stream': {
      if (raw.name !== 'stdout' && raw.name !== 'stderr') throw new ImportError(`${where} is a stream named ${JSON.stringify(raw.name)} (expected "stdout" or "stderr").`);
      return { type: 'stream', name: raw.name, text: readMultiline(raw.text, `${where}'s "text"`) };
    }
    case 'display_data':
      return { type: 'display_data', data: readBundle(raw.data, `${where}'s "data"`), metadata: metadata() };
    case 'execute_result': {
      const count = raw.execution_count ?? null;
      if (count !== null && !Number.isInteger(count)) throw new ImportError(`${where}'s "execution_count" is not a whole number or null.`);
      return { type: 'execute_result', data: readBundle(raw.data, `${where}'s "data"`), metadata: metadata(), executionCount: count as number | null };
    }
    case 'error': {
      if (typeof raw.ename !== 'string' || typeof raw.evalue !== 'string') throw new ImportError(`${where} is an error without "ename" and "evalue" strings.`);
      const tb = raw.traceback ?? [];
      if (!Array.isArray(tb) || !tb.every((l) => typeof l === 'string')) throw new ImportError(`${where}'s "traceback" is not a list of strings.`);
      return { type: 'error', ename: raw.ename, evalue: raw.evalue, traceback: tb };
    }
    default:
      throw new ImportError(
        `${where} has ${raw.output_type === undefined ? 'no "output_type"' : `an unknown output_type ${JSON.stringify(raw.output_type)}`} (expected stream, display_data, execute_result or error).`,
      );
  }
}

function readBundle(raw: unknown, where: string): MimeBundle {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new ImportError(`${where} is not an object of MIME types.`);
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(raw)) out[mime] = isJsonMime(mime) ? value : readMultiline(value, `${where} ${mime}`);
  return out;
}

function readMultiline(raw: unknown, where: string): string {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.every((l) => typeof l === 'string')) return raw.join('');
  throw new ImportError(`${where} is neither a string nor a list of strings.`);
}

function mapBundles<A, T>(bundles: Record<string, A>, f: (b: A, name: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, b] of Object.entries(bundles)) out[name] = f(b, name);
  return out;
}

function isValidCellId(id: string): boolean {
  return /^[a-zA-Z0-9_-]{1,64}$/.test(id);
}

function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
