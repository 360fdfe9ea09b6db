// Every piece of HTML from a notebook (rendered Markdown, text/html outputs)
// goes through DOMPurify before it reaches the page: no scripts, no event
// handler attributes, no javascript: URLs, no <style> that could restyle the
// app, no forms. Links open in a new tab without access to this page.
import DOMPurify from 'dompurify';

type Purifier = ReturnType<typeof DOMPurify>;
let purifier: Purifier | null = null;

function getPurifier(): Purifier {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.hasAttribute('href') && !node.getAttribute('href')!.startsWith('#')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  purifier = p;
  return p;
}

/** Safe HTML for innerHTML. @example sanitizeHtml('<img src=x onerror=alert(1)>') === '<img src="x">' */
export function sanitizeHtml(html: string): string {
  return getPurifier().sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option'],
    ADD_ATTR: ['target'],
    // KaTeX's MathML keeps its TeX source in <annotation>, which DOMPurify does not
    // allow; dropping it whole keeps the source from showing up as stray text.
    ADD_FORBID_CONTENTS: ['annotation'],
  });
}
