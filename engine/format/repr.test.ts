// Tensor printing against real PyTorch: every case in repr.fixtures.json was
// recorded by record_repr_fixtures.py from repr(t) under PyTorch.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { setDefaultDtype, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { pyFloatRepr, pyFormatExp, pyFormatFixed, pyIntStr } from './number_format.ts';
import {
  formatTensor,
  formatTensorData,
  getPrintOptions,
  setPrintOptions,
  tensorBody,
  withPrintOptions,
  type Printable,
  type SetPrintOptionsArgs,
} from './repr.ts';

type Encoded = number | 'nan' | 'inf' | '-inf' | '-0';

interface TensorCase {
  name: string;
  expr: string;
  tag?: string;
  options?: Record<string, number | boolean | string>;
  defaultDtype?: DType;
  kind?: 'parameter';
  dtype: DType;
  shape: number[];
  /** Flat index ranges [start, stop) whose values are stored; the rest hold `fill`. */
  shown?: [number, number][];
  fill?: number;
  values: Encoded[];
  requiresGrad: boolean;
  isLeaf: boolean;
  gradFn: string | null;
  expected: string;
}

interface Fixtures {
  torch_version: string;
  tensors: TensorCase[];
  numbers: {
    fixed: [Encoded, number, string][];
    exp: [Encoded, number, string][];
    repr: [Encoded, string][];
  };
}

const fixtures = JSON.parse(
  readFileSync(new URL('./repr.fixtures.json', import.meta.url), 'utf8'),
) as Fixtures;

function decode(v: Encoded): number {
  switch (v) {
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case '-0':
      return -0;
    default:
      return v;
  }
}

function caseValues(c: TensorCase): number[] {
  const values = c.values.map(decode);
  if (!c.shown) return values;
  const numel = c.shape.reduce((a, b) => a * b, 1);
  const full = new Array<number>(numel).fill(c.fill ?? NaN);
  let k = 0;
  for (const [start, stop] of c.shown) for (let i = start; i < stop; i++) full[i] = values[k++]!;
  return full;
}

function fakeTensor(c: TensorCase): Printable {
  const values = caseValues(c);
  return {
    shape: c.shape,
    dtype: c.dtype,
    toArray: () => values,
    requiresGrad: c.requiresGrad,
    isLeaf: c.isLeaf,
    gradFn: c.gradFn === null ? null : { name: c.gradFn },
  };
}

function toArgs(options: Record<string, number | boolean | string>): SetPrintOptionsArgs {
  const args: SetPrintOptionsArgs = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === 'sci_mode') args.sciMode = v as boolean;
    else if (k === 'profile') args.profile = v as 'default' | 'short' | 'full';
    else if (k === 'precision' || k === 'threshold' || k === 'edgeitems' || k === 'linewidth') {
      args[k] = v as number;
    } else throw new Error(`unknown print option ${k}`);
  }
  return args;
}

function printCase(c: TensorCase): string {
  if (c.defaultDtype) setDefaultDtype(c.defaultDtype);
  if (c.options) setPrintOptions(toArgs(c.options));
  const text = formatTensor(fakeTensor(c));
  return c.kind === 'parameter' ? 'Parameter containing:\n' + text : text;
}

afterEach(() => {
  setPrintOptions({ profile: 'default' });
  setDefaultDtype('float32');
});

describe('Python number formatting', () => {
  it.each([
    ['fixed', fixtures.numbers.fixed, (x: number, p: number) => pyFormatFixed(x, p)],
    ['exp', fixtures.numbers.exp, (x: number, p: number) => pyFormatExp(x, p)],
  ] as const)('{:.Nf} / {:.Ne}: %s matches Python', (_kind, rows, fmt) => {
    const bad = rows
      .map(([x, p, want]) => [decode(x), p, want, fmt(decode(x), p)] as const)
      .filter(([, , want, got]) => want !== got);
    expect(bad).toEqual([]);
    expect(rows.length).toBeGreaterThan(1000);
  });

  it('repr(float) matches Python', () => {
    const bad = fixtures.numbers.repr
      .map(([x, want]) => [decode(x), want, pyFloatRepr(decode(x))] as const)
      .filter(([, want, got]) => want !== got);
    expect(bad).toEqual([]);
  });

  it('rounds exact ties to even, unlike toFixed', () => {
    expect(pyFormatFixed(0.5, 0)).toBe('0');
    expect(pyFormatFixed(2.5, 0)).toBe('2');
    expect(pyFormatFixed(0.03125, 4)).toBe('0.0312');
    expect(pyFormatExp(12345, 3)).toBe('1.234e+04');
    expect(pyFormatFixed(-0.00001, 4)).toBe('-0.0000');
    expect(pyFormatFixed(1e22, 0)).toBe('10000000000000000000000');
    expect(pyIntStr(-(2 ** 63))).toBe('-9223372036854775808');
    expect(pyIntStr(-0)).toBe('0');
  });
});

describe(`formatTensor matches PyTorch ${fixtures.torch_version} repr`, () => {
  it('has many recorded cases', () => {
    expect(fixtures.tensors.length).toBeGreaterThan(500);
  });
  it.each(fixtures.tensors.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(printCase(c)).toBe(c.expected);
  });
});

// The 2.11 goldens are the reference; the fixtures come from 1.13. For every
// fixture mirroring a conformance case, its repr must occur in that case's
// PyTorch 2.11 transcript (test/conformance holds a copy of the shared suite).
const GOLDENS = new URL('../../test/conformance/goldens-torch2.11.json', import.meta.url);
describe('agrees with the PyTorch 2.11 conformance goldens', () => {
  it('every mirrored tensor prints as in the 2.11 transcript', () => {
    const goldens = JSON.parse(readFileSync(GOLDENS, 'utf8')) as Record<string, { stdout: string }>;
    const tagged = fixtures.tensors.filter((c) => c.tag !== undefined);
    expect(tagged.length).toBeGreaterThan(100);
    const missing = tagged
      .filter((c) => !(goldens[c.tag!]?.stdout ?? '').includes(printCase(c)))
      .map((c) => `${c.tag}: ${c.name}`);
    expect(missing).toEqual([]);
  });
});

describe('print options', () => {
  it('set_printoptions resets sci_mode when not given, as PyTorch does', () => {
    setPrintOptions({ sciMode: false });
    expect(getPrintOptions().sciMode).toBe(false);
    setPrintOptions({ precision: 2 });
    expect(getPrintOptions()).toEqual({ precision: 2, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null });
  });

  it('profiles apply first, explicit options override', () => {
    setPrintOptions({ profile: 'short', precision: 3 });
    expect(getPrintOptions()).toMatchObject({ precision: 3, edgeitems: 2 });
    setPrintOptions({ profile: 'full' });
    expect(getPrintOptions().threshold).toBe(Infinity);
  });

  it('withPrintOptions restores the previous options', () => {
    const out = withPrintOptions({ precision: 1 }, () => formatTensorData([1.25], [1], 'float32'));
    expect(out).toBe('tensor([1.2])');
    expect(getPrintOptions().precision).toBe(4);
  });

  it('edgeitems=0 summarises to [...] (PyTorch 2.x; 1.13 differs)', () => {
    setPrintOptions({ threshold: 5, edgeitems: 0 });
    const ten = Array.from({ length: 10 }, (_, i) => i);
    expect(formatTensorData(ten, [10], 'int64')).toBe('tensor([...])');
    expect(formatTensorData(ten, [2, 5], 'int64')).toBe('tensor([...])');
  });
});

describe('formatTensor API', () => {
  it('accepts an engine Tensor', () => {
    const t = Tensor.fromData(new Float32Array([1, 2.5, -3]), [3], 'float32');
    expect(formatTensor(t)).toBe('tensor([ 1.0000,  2.5000, -3.0000])');
    const i = Tensor.fromData(new Int32Array([1, 2, 3, 4]), [2, 2], 'int32');
    expect(formatTensor(i)).toBe('tensor([[1, 2],\n        [3, 4]], dtype=torch.int32)');
  });

  it('custom prefix and indent align continuation lines', () => {
    const values = [1, 2, 3, 4];
    expect(formatTensorData(values, [2, 2], 'float32', { prefix: 'Parameter(' })).toBe(
      'Parameter([[1., 2.],\n           [3., 4.]])',
    );
    expect(formatTensorData(values, [2, 2], 'float32', { prefix: 'T(', indent: 7 })).toBe(
      'T([[1., 2.],\n        [3., 4.]])',
    );
  });

  it('extra suffixes come first, where PyTorch puts device=', () => {
    expect(
      formatTensorData([1, 2], [2], 'float64', { suffixes: ["device='meta'"], requiresGrad: true }),
    ).toBe("tensor([1., 2.], device='meta', dtype=torch.float64, requires_grad=True)");
  });

  it('grad_fn wins over requires_grad and wraps past linewidth', () => {
    const values = Array.from({ length: 12 }, (_, i) => i / 7);
    expect(formatTensorData(values, [12], 'float32', { requiresGrad: true, gradFnName: 'DivBackward0' })).toBe(
      'tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n' +
        '        1.2857, 1.4286, 1.5714], grad_fn=<DivBackward0>)',
    );
  });

  it('tensorBody gives the bracketed data only', () => {
    expect(tensorBody([1, 2], [2], 'float32', 0)).toBe('[1., 2.]');
    expect(tensorBody([], [0, 2], 'float32', 0)).toBe('[]');
    expect(() => tensorBody([1], [2], 'float32', 0)).toThrow(RangeError);
  });
});
