// Terminal control characters in stream text, handled as Jupyter does
// (JupyterLab's `removeOverwrittenChars`): `\r\n` is a newline; `\r` returns to
// the start of the line and what follows overwrites it character by character;
// `\b` deletes the character before it. A trailing `\r` is kept, so the next
// chunk of the same stream overwrites the line (a tqdm or "epoch 3/10" counter).

/**
 * Applies `\b` and `\r` to a stream's text.
 * @example applyTerminalControls('epoch 1\repoch 2') === 'epoch 2'
 */
export function applyTerminalControls(text: string): string {
  return fixCarriageReturns(fixBackspaces(text));
}

function fixBackspaces(text: string): string {
  if (!text.includes('\b')) return text;
  // Jupyter removes each "[^\n]\b" pair until none is left; a stack gives the same result in one pass.
  const out: string[] = [];
  for (const ch of text) {
    if (ch === '\b' && out.length > 0 && out[out.length - 1] !== '\n') out.pop();
    else out.push(ch);
  }
  return out.join('');
}

function fixCarriageReturns(text: string): string {
  if (!text.includes('\r')) return text;
  const lines = text.replace(/\r+\n/g, '\n').split('\n');
  return lines.map(overwriteLine).join('\n');
}

function overwriteLine(line: string): string {
  if (!line.includes('\r')) return line;
  let shown = '';
  for (const part of line.split('\r')) shown = part + shown.slice(part.length);
  return line.endsWith('\r') ? `${shown}\r` : shown;
}

/** The text as shown: a pending trailing `\r` is not displayed. */
export function visibleStreamText(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
