// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render.ts';
import { sanitizeHtml } from './sanitize.ts';

function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

/** Every attribute of every element, as "tag.attr=value" lines. */
function attributes(html: string): string[] {
  return [...dom(html).querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${el.tagName.toLowerCase()}.${a.name}=${a.value}`));
}

describe('Markdown rendering', () => {
  it('renders CommonMark', () => {
    expect(renderMarkdown('# Title\n\nSome *text* and `code`.')).toBe('<h1>Title</h1>\n<p>Some <em>text</em> and <code>code</code>.</p>\n');
  });

  it('renders inline and display math with KaTeX', () => {
    const html = renderMarkdown('Loss $L = x^2$ and\n\n$$\n\\frac{a}{b}\n$$\n');
    const root = dom(html);
    expect(root.querySelectorAll('.katex').length).toBe(2);
    expect(root.querySelectorAll('.katex-display').length).toBe(1);
    expect(root.querySelector('.math-block')).not.toBeNull();
    expect(root.querySelector('math')?.textContent).toBe('L=x2');
  });

  it('renders $$…$$ on one line, inside a paragraph too', () => {
    expect(dom(renderMarkdown('$$a+b$$')).querySelectorAll('.katex-display').length).toBe(1);
    expect(dom(renderMarkdown('so $$a+b$$ here')).querySelectorAll('.katex-display').length).toBe(1);
  });

  it('leaves prices, escaped dollars and code alone', () => {
    expect(renderMarkdown('It costs $5 and $10.')).toBe('<p>It costs $5 and $10.</p>\n');
    expect(renderMarkdown('\\$x$')).toBe('<p>$x$</p>\n');
    expect(renderMarkdown('`$x$`')).toBe('<p><code>$x$</code></p>\n');
    expect(renderMarkdown('$ x$')).toBe('<p>$ x$</p>\n');
  });

  it('shows a bad formula instead of failing', () => {
    expect(dom(renderMarkdown('$\\frac{$')).textContent).toContain('\\frac{');
  });

  it('resolves attachment: images to the cell attachments', () => {
    const html = renderMarkdown('![plot](attachment:a.png)', { 'a.png': { 'image/png': 'iVBO\nRw==' } });
    expect(attributes(html)).toContain('img.src=data:image/png;base64,iVBORw==');
  });
});

describe('sanitizing (a notebook from someone else runs nothing)', () => {
  it('strips event handlers from raw HTML in Markdown', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)>');
    expect(attributes(html)).toEqual(['img.src=x']);
  });

  it('never makes a javascript: link', () => {
    for (const source of ['[x](javascript:alert(1))', '<a href="javascript:alert(1)">x</a>', '[x](JaVaScRiPt:alert(1))', '<a href="jav&#x09;ascript:alert(1)">x</a>']) {
      const html = renderMarkdown(source);
      expect(attributes(html).filter((a) => /href|javascript/i.test(a))).toEqual([]);
    }
  });

  it('removes scripts, iframes, styles and forms; keeps safe markup', () => {
    const html = sanitizeHtml('<script>alert(1)</script><iframe src="https://x"></iframe><style>body{display:none}</style><form action="https://x"><input name=p></form><b title="t">ok</b><svg onload=alert(1)><circle r="1"/></svg>');
    expect(html).toBe('<b title="t">ok</b><svg><circle r="1"></circle></svg>');
  });

  it('keeps KaTeX math and tables from rich outputs', () => {
    expect(sanitizeHtml('<table><tr><td style="color: red">1</td></tr></table>')).toBe('<table><tbody><tr><td style="color: red">1</td></tr></tbody></table>');
  });

  it('opens links in a new tab without access to the app', () => {
    expect(attributes(renderMarkdown('[docs](https://pytorch.org)'))).toEqual(['a.href=https://pytorch.org', 'a.target=_blank', 'a.rel=noopener noreferrer']);
    expect(attributes(renderMarkdown('[up](#top)'))).toEqual(['a.href=#top']);
  });
});
