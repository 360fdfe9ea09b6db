import { describe, expect, it } from 'vitest';
import { emptyProgress, progressLabel, progressSummary, recordAttempt } from './progress.ts';
import { buildResults, resultsFileName } from './results.ts';

const T0 = Date.UTC(2025, 2, 1, 10, 0, 0);

describe('progress records', () => {
  it('counts attempts and remembers the first pass', () => {
    let p = emptyProgress('running-loss');
    p = recordAttempt(p, 'train_total', false, T0);
    p = recordAttempt(p, 'train_total', true, T0 + 1000);
    p = recordAttempt(p, 'train_total', false, T0 + 2000);
    expect(p.exercises.train_total).toEqual({ attempts: 3, passed: false, lastAttemptAt: T0 + 2000, firstPassedAt: T0 + 1000 });
    expect(progressSummary(['train_total', 'val_total'], p)).toEqual({ passed: 1, attempted: 1, total: 2 });
  });

  it('labels progress for the sidebar', () => {
    expect(progressLabel(progressSummary(['a', 'b'], undefined))).toBe('');
    const failed = recordAttempt(emptyProgress('l'), 'a', false, T0);
    expect(progressLabel(progressSummary(['a', 'b'], failed))).toBe('0/2');
    const all = recordAttempt(recordAttempt(failed, 'a', true, T0), 'b', true, T0);
    expect(progressLabel(progressSummary(['a', 'b'], all))).toBe('2/2 ✓');
  });
});

describe('results file', () => {
  it('lists every exercise of every lesson with passed, timestamp and attempts', () => {
    let p = recordAttempt(emptyProgress('running-loss'), 'train_total', false, T0);
    p = recordAttempt(p, 'train_total', true, T0 + 60_000);
    const q = recordAttempt(emptyProgress('define-by-run'), 'grad', false, T0 + 5000);
    const file = buildResults(
      [
        { id: 'define-by-run', exercises: ['grad'] },
        { id: 'running-loss', exercises: ['train_total', 'val_total'] },
      ],
      { 'running-loss': p, 'define-by-run': q },
      T0 + 120_000,
    );
    expect(file).toEqual({
      format: 'glassgrad-results',
      version: 1,
      generatedAt: '2025-03-01T10:02:00.000Z',
      results: [
        { lesson: 'define-by-run', exercise: 'grad', passed: false, timestamp: '2025-03-01T10:00:05.000Z', attempts: 1 },
        { lesson: 'running-loss', exercise: 'train_total', passed: true, timestamp: '2025-03-01T10:01:00.000Z', attempts: 2 },
        { lesson: 'running-loss', exercise: 'val_total', passed: false, timestamp: null, attempts: 0 },
      ],
    });
    expect(resultsFileName(T0)).toBe('glassgrad-results-2025-03-01.json');
  });
});
