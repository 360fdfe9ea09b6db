/// <reference types="vite/client" />
// The lessons shipped with the app: lessons/*.md, bundled as text by Vite and
// parsed at start-up (a parse is a few milliseconds; nothing runs).
import { type LessonEntry, lessonEntry } from './catalog.ts';

const sources = import.meta.glob<string>('../../lessons/*.md', { query: '?raw', import: 'default', eager: true });

/** Every bundled lesson file that parses without errors, in file-name order (README.md and FORMAT.md are not lessons). */
export function bundledLessons(): LessonEntry[] {
  return Object.keys(sources)
    .sort()
    .filter((path) => /\/\d+[^/]*\.md$/.test(path))
    .map((path) => lessonEntry(sources[path], 'bundled', path.slice(path.lastIndexOf('/') + 1)))
    .filter((entry): entry is LessonEntry => entry !== null);
}
