// Timing helpers for `npm run bench`: warm up, then take the median of runs
// until a time budget is spent (at least `minRuns`).

export interface Timing {
  medianMs: number;
  /** The fastest run: on a shared machine other load only adds time, so this is the steadiest figure. */
  bestMs: number;
  runs: number;
}

export function measure(fn: () => void, opts: { warmup?: number; budgetMs?: number; minRuns?: number } = {}): Timing {
  const warmup = opts.warmup ?? 1;
  const budget = opts.budgetMs ?? 2000;
  const minRuns = opts.minRuns ?? 3;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < budget) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    if (times.length >= 1000) break;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, bestMs: times[0]!, runs: times.length };
}
