// The complete example in lessons/FORMAT.md, so tests keep the specification honest.

/** The lesson text inside FORMAT.md's first ````markdown block. */
export function formatDocExample(formatMd: string): string {
  const open = '````markdown\n';
  const start = formatMd.indexOf(open);
  const end = formatMd.indexOf('\n````\n', start);
  if (start < 0 || end < 0) throw new Error('FORMAT.md has no ````markdown example');
  return formatMd.slice(start + open.length, end) + '\n';
}
