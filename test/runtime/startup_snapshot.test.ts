// Runtimes restored from the start-up snapshot (Note [Start-up snapshot] in
// engine/runtime/pyodide_node.ts) must not replay state that a fresh Python
// derives from its surroundings (Note [What a snapshot replays]).
import { afterEach, describe, expect, it } from 'vitest';
import { startNodeRuntime } from '../../engine/runtime/pyodide_node.ts';
import type { PythonRuntime } from '../../engine/runtime/python_runtime.ts';

const quiet = { stdout: () => undefined, stderr: () => undefined };
const startRestored = (): Promise<PythonRuntime> => startNodeRuntime({ snapshot: true, io: quiet });
const savedTz = process.env.TZ;

afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('the start-up snapshot', () => {
  it('does not replay random numbers: each runtime draws its own', async () => {
    const draws: number[] = [];
    for (let i = 0; i < 3; i++) draws.push((await startRestored()).eval<number>('import random\nrandom.random()'));
    expect(new Set(draws).size).toBe(3);
  }, 120_000);

  it("takes this process's time zone, not the one the snapshot was made in", async () => {
    await startRestored(); // makes the snapshot first, if there is none yet, in the test machine's zone
    process.env.TZ = 'Asia/Kathmandu'; // UTC+05:45 all year: no machine that makes snapshots is likely to be in it
    const zone = (await startRestored()).eval<string>(
      'import time, json\njson.dumps([time.timezone, time.altzone, time.daylight, list(time.tzname), time.localtime().tm_zone, time.strftime("%Z")])',
    );
    expect(JSON.parse(zone)).toEqual([-20700, -20700, 0, ['UTC+0545', 'UTC+0545'], 'UTC+0545', 'UTC+0545']);
  }, 120_000);
});
