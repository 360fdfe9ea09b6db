// Which nn.Module is running: Python's Module.__call__ enters and leaves, so
// every node recorded meanwhile can be grouped under the Module that made it
// (as PyTorch's profiler attributes ops to module hierarchies).
import { emit, hasListeners } from './events.ts';

const stack: string[] = [];

/** A Module call starts; `path` is its dotted path from the outermost Module ("Net.conv1"). */
export function enterModule(path: string): void {
  stack.push(path);
  if (stack.length === 1 && hasListeners()) emit({ type: 'forward', module: path });
}

/** The innermost Module call ends (its `finally`, so errors unwind the stack too). */
export function exitModule(): void {
  stack.pop();
}

/** The innermost running Module's path, or null outside any Module. */
export function currentModule(): string | null {
  return stack.length === 0 ? null : stack[stack.length - 1]!;
}

/** Forgets every open call (a kernel restart, an interrupted cell whose finally blocks did not run). */
export function resetModuleScope(): void {
  stack.length = 0;
}
