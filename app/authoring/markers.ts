// Lesson diagnostics as Monaco markers. The format's diagnostics are already
// shaped like IMarkerData (1-based lines and columns, end exclusive); only the
// severity needs Monaco's numbers.
import type { Diagnostic } from '../../lessons/format/index.ts';

/** monaco.MarkerSeverity's values (Hint 1, Info 2, Warning 4, Error 8), so this file needs no Monaco. */
const SEVERITY = { error: 8, warning: 4, info: 2 } as const;

export interface MarkerData {
  message: string;
  severity: number;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  source: string;
}

/**
 * @example
 * monaco.editor.setModelMarkers(model, 'glassgrad-lesson', diagnosticsToMarkers(lintLesson(text)));
 */
export function diagnosticsToMarkers(diagnostics: Diagnostic[]): MarkerData[] {
  return diagnostics.map((d) => {
    // A zero-width range would show no squiggle: widen it to the next character.
    const empty = d.endLine === d.line && d.endColumn <= d.column;
    return {
      message: d.message,
      severity: SEVERITY[d.severity],
      startLineNumber: d.line,
      startColumn: d.column,
      endLineNumber: d.endLine,
      endColumn: empty ? d.column + 1 : d.endColumn,
      source: 'lesson format',
    };
  });
}
