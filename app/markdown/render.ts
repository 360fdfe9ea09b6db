// Markdown cells and text/markdown outputs: markdown-it (CommonMark, raw HTML
// allowed as in Jupyter) with KaTeX math, then sanitized.
import markdownit, { type MarkdownIt, type Token } from 'markdown-it';
import type { MimeBundle } from '../../engine/runtime/protocol.ts';
import { mathPlugin } from './math.ts';
import { sanitizeHtml } from './sanitize.ts';

let parser: MarkdownIt | null = null;

function getParser(): MarkdownIt {
  if (parser) return parser;
  const md = markdownit({ html: true, linkify: true });
  md.use(mathPlugin);
  parser = md;
  return md;
}

/**
 * Markdown → safe HTML. `attachment:name` images resolve to the cell's attachments.
 * @example renderMarkdown('# Loss $L = x^2$')
 */
export function renderMarkdown(source: string, attachments?: Record<string, MimeBundle>): string {
  if (attachments) return render(source, attachments);
  // Cells re-render (edit, undo, reopen) far more often than their text changes.
  let html = cache.get(source);
  if (html === undefined) {
    html = render(source);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, html);
  }
  return html;
}

const CACHE_SIZE = 300;
const cache = new Map<string, string>();

function render(source: string, attachments?: Record<string, MimeBundle>): string {
  const md = getParser();
  const env = { attachments };
  return sanitizeHtml(md.renderer.render(withAttachments(md.parse(source, env), attachments), md.options, env));
}

type Tokens = Token[];

function withAttachments(tokens: Tokens, attachments?: Record<string, MimeBundle>): Tokens {
  if (!attachments) return tokens;
  for (const token of tokens) {
    for (const child of token.children ?? []) {
      const src = child.type === 'image' ? String(child.attrGet('src') ?? '') : '';
      if (!src.startsWith('attachment:')) continue;
      const bundle = attachments[decodeURIComponent(src.slice('attachment:'.length))];
      const mime = bundle && Object.keys(bundle).find((m) => m.startsWith('image/'));
      if (mime && typeof bundle[mime] === 'string') child.attrSet('src', `data:${mime};base64,${(bundle[mime] as string).replace(/\s+/g, '')}`);
    }
  }
  return tokens;
}
