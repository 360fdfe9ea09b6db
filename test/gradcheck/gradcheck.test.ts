// gradcheck over the whole op table (see gradcheck.ts): one test per op and
// sample, each also checking that every byte it allocated is released again.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../engine/core/tensor.ts';
import { ledger } from '../../engine/memory/ledger.ts';
import { opTable, type OpSpec } from '../../engine/ops/all.ts';
import { mapUnary } from '../../engine/kernels/elementwise.ts';
import { mul, mulScalar } from '../../engine/ops/pointwise_binary.ts';
import { randomSample } from '../../engine/ops/samples.ts';
import { drawSamples, gradcheckOpSample, gradcheckSample, isDifferentiable, releaseSamples } from './gradcheck.ts';

type AnySpec = OpSpec<unknown, unknown>;
const ops = [...opTable.values()].sort((a, b) => a.name.localeCompare(b.name)) as AnySpec[];

interface SampleInfo {
  label: string;
  /** A sample-level `noGradcheck` reason (e.g. embedding's padding_idx, whose gradient is zero by definition). */
  skip?: string;
}

/** Sample labels, drawn once while collecting tests; an op whose samples() throws gets the error instead. */
function sampleLabels(spec: AnySpec): SampleInfo[] | Error {
  const before = ledger.allocated;
  try {
    const samples = drawSamples(spec);
    const labels = samples.map((s, k) => {
      const skip = (s as { noGradcheck?: unknown }).noGradcheck;
      return { label: `${k}${s.label ? ` ${s.label}` : ''}`, ...(typeof skip === 'string' ? { skip } : {}) };
    });
    releaseSamples(samples);
    if (ledger.allocated !== before) return new Error(`samples() leaks ${ledger.allocated - before} bytes after releasing its tensors`);
    return labels;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** exp with a chosen derivative, declared outside the table: the harness's own check. */
function expWith(backward: NonNullable<AnySpec['backward']>, leakInForward = false): AnySpec {
  return {
    name: 'exp_under_test',
    signature: 'exp_under_test(input)',
    gradFn: 'ExpBackward0',
    doc: '',
    example: '',
    forward: ([x]) => {
      const out = mapUnary(x!, 'float64', Math.exp);
      if (leakInForward) Tensor.empty([5], 'float64').retain();
      return { out, save: [out] };
    },
    backward,
    samples: () => [{ inputs: [randomSample([2, 3])], attrs: {} }],
  };
}

describe('the gradcheck harness', () => {
  it('passes a right derivative and names a wrong one, on a non-contiguous input', () => {
    const before = ledger.allocated;
    const x = randomSample([4, 3], undefined, { transposed: true });
    const sample = { inputs: [x], attrs: {} };
    expect(gradcheckSample(expWith((ctx, [g]) => [mul(g!, ctx.saved[0]!)]), sample)).toEqual([]);
    const problems = gradcheckSample(expWith((ctx, [g]) => [mulScalar(mul(g!, ctx.saved[0]!), 1.01)]), sample);
    expect(problems.join('\n')).toMatch(/^Jacobian mismatch for output 0 with respect to input 0:\n12 of 144 entries differ/);
    x.release();
    expect(ledger.allocated).toBe(before);
  });

  it('reports an op that leaks', () => {
    const right = (ctx: { saved: Tensor[] }, [g]: Tensor[]) => [mul(g!, ctx.saved[0]!)];
    expect(gradcheckOpSample(expWith(right), 0)).toEqual([]);
    const problems = gradcheckOpSample(expWith(right, true), 0);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^leaks 560 bytes once every tensor is released: storage #\d+ \(float64, 40 bytes, other\);/);
  });

  it('reports a backward that raises', () => {
    const x = randomSample([2, 2]);
    const problems = gradcheckSample(
      expWith(() => {
        throw new Error('derivative for exp_under_test is not implemented');
      }),
      { inputs: [x], attrs: {} },
    );
    expect(problems).toEqual(['backward raised: derivative for exp_under_test is not implemented']);
    x.release();
  });
});

const OPS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../engine/ops');

describe('gradcheck (PyTorch defaults: eps=1e-6, atol=1e-5, rtol=1e-3)', () => {
  it('engine/ops/all.ts imports every module that declares ops', () => {
    const all = readFileSync(resolve(OPS_DIR, 'all.ts'), 'utf8');
    const declaring = readdirSync(OPS_DIR).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'define.ts' && /\bdefineOp\s*[<(]/.test(readFileSync(resolve(OPS_DIR, f), 'utf8')),
    );
    const missing = declaring.filter((f) => !all.includes(`'./${f}'`));
    expect(missing, 'op modules engine/ops/all.ts does not import').toEqual([]);
  });

  it('every op with a gradFn (or composite) has samples or a noGradcheck reason', () => {
    const missing = ops.filter((s) => isDifferentiable(s) && !s.samples && !s.noGradcheck).map((s) => s.name);
    expect(missing, 'differentiable ops with neither samples nor noGradcheck (add samples, or noGradcheck with the reason)').toEqual([]);
  });

  it('every op exempt from gradcheck says why (a non-empty reason)', () => {
    const exempt = ops.filter((s) => isDifferentiable(s) && s.noGradcheck !== undefined);
    const unexplained = exempt.filter((s) => s.noGradcheck!.trim().length < 10).map((s) => s.name);
    expect(unexplained).toEqual([]);
  });

  it('no op declares an empty sample list', () => {
    const empty = ops.filter((s) => {
      const labels = s.samples ? sampleLabels(s) : null;
      return Array.isArray(labels) && labels.length === 0;
    });
    expect(empty.map((s) => s.name)).toEqual([]);
  });

  for (const spec of ops) {
    if (!isDifferentiable(spec) || !spec.samples) continue;
    if (spec.noGradcheck) continue; // listed with its reason by the test below
    const labels = sampleLabels(spec);
    if (labels instanceof Error) {
      const err = labels;
      it(`${spec.name}: samples()`, () => {
        throw err;
      });
      continue;
    }
    labels.forEach(({ label, skip }, k) => {
      if (skip) return; // a per-sample reason, listed by the test below
      it(`${spec.name} [${label}]`, () => {
        const problems = gradcheckOpSample(spec, k);
        if (problems.length > 0) throw new Error(`${spec.name} [${label}]:\n${problems.join('\n')}`);
      });
    });
  }
});
