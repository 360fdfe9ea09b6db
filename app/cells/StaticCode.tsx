// A cell's source before its editor mounts (Note [Lazy cells]): highlighted
// with the editor's token classes, or plain while the cell is far offscreen.
import { memo, useMemo } from 'react';
import { highlightPython } from '../editor/static_highlight.ts';

export const StaticCode = memo(function StaticCode({ source, language, plain }: { source: string; language: 'python' | 'markdown' | 'raw'; plain: boolean }) {
  const spans = useMemo(() => (language === 'python' && !plain ? highlightPython(source) : null), [source, language, plain]);
  return (
    <div className={`cell-static cm-editor${language === 'python' ? '' : ' cell-static-wrap'}`}>
      <pre className="cm-content">
        {spans ? spans.map((s, i) => (s.className ? <span key={i} className={s.className}>{s.text}</span> : s.text)) : source}
        {source.endsWith('\n') || source === '' ? '\n' : null}
      </pre>
    </div>
  );
});
