// Building diagnostics and ranges from 0-based line indexes and column offsets
// (the parser's view) in the 1-based, end-exclusive form editors use.
import type { Diagnostic, Severity, SourceRange } from './model.ts';

/** Columns `start`..`end` (0-based, end exclusive) of line index `index`. */
export function columnsRange(index: number, start: number, end: number): SourceRange {
  return { line: index + 1, column: start + 1, endLine: index + 1, endColumn: Math.max(end, start) + 1 };
}

/** The whole of line index `index` (an empty line: a zero-width range at its start). */
export function lineRange(index: number, text: string): SourceRange {
  return columnsRange(index, 0, text.length);
}

/** From the start of line index `first` to the end of line index `last`. */
export function linesRange(first: number, last: number, lastText: string): SourceRange {
  return { line: first + 1, column: 1, endLine: last + 1, endColumn: lastText.length + 1 };
}

export function diagnostic(severity: Severity, message: string, range: SourceRange, path?: string): Diagnostic {
  return { message, ...range, severity, ...(path !== undefined ? { path } : {}) };
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn;
}
