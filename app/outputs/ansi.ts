// ANSI colour codes in text outputs (tracebacks from IPython and Colab are
// coloured): SGR sequences become classed segments, anything else is dropped,
// as nbconvert's ansi2html and JupyterLab do.
export interface AnsiSegment {
  text: string;
  /** e.g. "ansi-red-fg ansi-bold", or "" for plain text. */
  className: string;
}

const COLORS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b\[([0-9;]*)([A-Za-z])/g;

/** @example ansiSegments('\x1b[31mError\x1b[0m!') → [{text: 'Error', className: 'ansi-red-fg'}, {text: '!', className: ''}] */
export function ansiSegments(text: string): AnsiSegment[] {
  if (!text.includes('\x1b')) return text ? [{ text, className: '' }] : [];
  const segments: AnsiSegment[] = [];
  let fg: string | null = null;
  let bg: string | null = null;
  let bold = false;
  let last = 0;
  const push = (chunk: string) => {
    if (!chunk) return;
    const className = [fg && `ansi-${fg}-fg`, bg && `ansi-${bg}-bg`, bold && 'ansi-bold'].filter(Boolean).join(' ');
    const prev = segments[segments.length - 1];
    if (prev && prev.className === className) prev.text += chunk;
    else segments.push({ text: chunk, className });
  };
  for (const m of text.matchAll(ESCAPE)) {
    push(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] !== 'm') continue;
    const codes = m[1] === '' ? [0] : m[1].split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) [fg, bg, bold] = [null, null, false];
      else if (c === 1) bold = true;
      else if (c === 22) bold = false;
      else if (c >= 30 && c <= 37) fg = COLORS[c - 30];
      else if (c >= 90 && c <= 97) fg = `${COLORS[c - 90]}-intense`;
      else if (c === 39) fg = null;
      else if (c >= 40 && c <= 47) bg = COLORS[c - 40];
      else if (c >= 100 && c <= 107) bg = `${COLORS[c - 100]}-intense`;
      else if (c === 49) bg = null;
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) i += 2; // 256-colour: shown in the default colour
      else if ((c === 38 || c === 48) && codes[i + 1] === 2) i += 4; // true colour: likewise
    }
  }
  push(text.slice(last).replace(/\x1b/g, ''));
  return segments;
}

export function stripAnsi(text: string): string {
  return text.replace(ESCAPE, '').replace(/\x1b/g, '');
}
