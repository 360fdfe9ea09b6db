// An error output: the traceback as Python prints it, with every frame in a
// notebook cell linking to (selecting and highlighting) that cell's line.
import { useCommands } from '../services.tsx';
import { useApp } from '../store/context.tsx';
import { AnsiText } from './AnsiText.tsx';
import { type CellLineRef, cellLineIn, resolveCellRef } from './traceback.ts';

export function TracebackView({ ename, evalue, traceback }: { ename: string; evalue: string; traceback: string[] }) {
  const lines = traceback.length > 0 ? traceback.flatMap((l) => l.split('\n')) : [`${ename}: ${evalue}`];
  return (
    <div className="output-error" role="group" aria-label={`${ename}: ${evalue}`}>
      {lines.map((line, i) => {
        const ref = cellLineIn(line);
        return ref ? <CellFrameLine key={i} line={line} cellRef={ref} /> : <AnsiText key={i} text={line} className="traceback-line" />;
      })}
    </div>
  );
}

function CellFrameLine({ line, cellRef }: { line: string; cellRef: CellLineRef }) {
  const commands = useCommands();
  // A string selector: this line re-renders only when the cell it points to changes.
  const target = useApp((s) => resolveCellRef(cellRef, s.kernel.cellNames, s.notebook.doc));
  if (!target) return <AnsiText text={line} className="traceback-line" />;
  return (
    <pre className="traceback-line">
      <button type="button" className="traceback-link" title={`Go to line ${cellRef.line} of this cell`} onClick={() => commands.goToCellLine(target, cellRef.line)}>
        <AnsiText text={line} className="traceback-link-text" inline />
      </button>
    </pre>
  );
}
