// The parsed lesson as a student will see it: Markdown rendered, code and
// exercises as code, each exercise's checks (hidden ones counted, not shown),
// hints and solution folded as the notebook reveals them.
import { Fragment, memo } from 'react';
import type { Lesson } from '../../lessons/format/index.ts';
import { StaticCode } from '../cells/StaticCode.tsx';
import { renderMarkdown } from '../markdown/render.ts';

export const LessonPreview = memo(function LessonPreview({ lesson }: { lesson: Lesson }) {
  return (
    <article className="lesson-preview" aria-label="Lesson preview">
      <p className="preview-meta">
        <strong>{lesson.title || '(no title)'}</strong> <code>{lesson.id || '(no id)'}</code>
        {lesson.description ? ` — ${lesson.description}` : null}
      </p>
      {lesson.cells.map((cell, i) => (
        <Fragment key={i}>
          {cell.kind === 'markdown' ? (
            <div className="rendered-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(cell.source) }} />
          ) : cell.kind === 'code' || cell.kind === 'exercise' ? (
            <div className={`preview-cell preview-${cell.kind}`}>
              <span className="preview-label">{cell.kind === 'exercise' ? `Exercise ${cell.id}` : cell.raises ? `Code (raises ${cell.raises})` : 'Code'}</span>
              <StaticCode source={cell.source} language="python" plain={false} />
            </div>
          ) : cell.kind === 'check' ? (
            cell.hidden ? (
              <p className="preview-part">A hidden check for {cell.for} runs after it.</p>
            ) : (
              <details className="preview-part">
                <summary>Check for {cell.for}</summary>
                <pre>{cell.source}</pre>
              </details>
            )
          ) : cell.kind === 'hint' ? (
            <details className="preview-part">
              <summary>Hint for {cell.for}</summary>
              <div className="rendered-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(cell.source) }} />
            </details>
          ) : (
            <details className="preview-part">
              <summary>Solution for {cell.for}</summary>
              <pre>{cell.source}</pre>
            </details>
          )}
        </Fragment>
      ))}
    </article>
  );
});
