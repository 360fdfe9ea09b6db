// `glassgrad run` as a user meets it: a process, its streams and exit status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'glassgrad-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(source: string, env: Record<string, string> = {}) {
  const program = path.join(dir, 'program.py');
  writeFileSync(program, source);
  return spawnSync(process.execPath, ['bin/glassgrad.mjs', 'run', program], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GLASSGRAD_FULL_TRACEBACK: '', ...env },
    timeout: 120_000,
  });
}

describe('glassgrad run', () => {
  const failing = 'import torch\ntorch.ones(2, 3).view(4)\n';

  it("prints PyTorch's error with the user's frames only, and exits with 1", () => {
    const r = run(failing);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("RuntimeError: shape '[4]' is invalid for input of size 6");
    expect(r.stderr).not.toContain('_bridge.py');
  }, 120_000);

  it('keeps every frame under GLASSGRAD_FULL_TRACEBACK=1', () => {
    const r = run(failing, { GLASSGRAD_FULL_TRACEBACK: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/torch\/_bridge\.py", line \d+, in _raise_error/);
  }, 120_000);
});
