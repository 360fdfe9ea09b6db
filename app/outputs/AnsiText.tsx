import { memo } from 'react';
import { ansiSegments } from './ansi.ts';

/** Text with ANSI colours, in a <pre> (or a <span> inside other preformatted text). */
export const AnsiText = memo(function AnsiText({ text, className, inline }: { text: string; className?: string; inline?: boolean }) {
  const Tag = inline ? 'span' : 'pre';
  return (
    <Tag className={className}>
      {ansiSegments(text).map((s, i) => (s.className ? <span key={i} className={s.className}>{s.text}</span> : s.text))}
    </Tag>
  );
});
