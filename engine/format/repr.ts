// Tensor printing, exactly as PyTorch 2.x's torch/_tensor_str.py prints a
// dense CPU tensor: `repr(t)` and `str(t)`.
//
// Note [How PyTorch prints a tensor]:
//  1. If numel > threshold the tensor is summarised: in every dimension longer
//     than 2 * edgeitems only the first and last `edgeitems` entries are shown,
//     with `...` between them.
//  2. One formatter is built from the values that will be shown. Integers and
//     bools print with str(); their width is the widest value. Floats look at
//     the nonzero finite values only:
//       - all integral ("int mode"): `{:.0f}` plus a '.', e.g. `1.`, unless
//         max/min > 1000 or max > 1e8, which switches to scientific `{:.4e}`;
//       - otherwise `{:.4f}`, unless max/min > 1000, max > 1e8 or min < 1e-4,
//         which switches to scientific.
//     A sci_mode print option overrides that choice, except when there is no
//     nonzero finite value at all (then the formatter keeps its defaults).
//     Every value is right-aligned to the widest formatted value.
//  3. A 1-D row wraps after floor((linewidth - indent) / (width + 2)) items;
//     inner dimensions are joined with ',' plus one '\n' per remaining
//     dimension minus one, indented one column per nesting level.
//  4. Suffixes (size= for empty tensors, dtype=, grad_fn= / requires_grad=)
//     follow after ', ', or on a new line indented to the opening parenthesis
//     when they would pass linewidth.
import { dtypeName, getDefaultDtype, isFloating, type DType } from '../core/dtype.ts';
import { pyFormatExp, pyFormatFixed, pyIntStr } from './number_format.ts';
import { getPrintOptions, type PrintOptions } from './print_options.ts';

export {
  getPrintOptions,
  setPrintOptions,
  withPrintOptions,
  type PrintOptions,
  type PrintProfile,
  type SetPrintOptionsArgs,
} from './print_options.ts';

/** What printing needs from a tensor; engine/core Tensor satisfies it. */
export interface Printable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  toArray(): number[];
  readonly requiresGrad: boolean;
  readonly isLeaf: boolean;
  readonly gradFn: { readonly name: string } | null;
}

export interface FormatTensorOptions {
  /** Text before the data; PyTorch uses 'tensor(' (the default). */
  prefix?: string;
  /**
   * Extra suffixes, placed first, where PyTorch puts `device='...'`
   * (e.g. ["device='meta'"]).
   */
  suffixes?: readonly string[];
  /** Column that continuation lines align to; defaults to prefix.length. */
  indent?: number;
}

export interface FormatTensorDataOptions extends FormatTensorOptions {
  /** requires_grad of a leaf: adds `requires_grad=True` when there is no gradFnName. */
  requiresGrad?: boolean;
  /** The grad_fn's class name (e.g. 'MulBackward0'): adds `grad_fn=<MulBackward0>`. */
  gradFnName?: string | null;
}

/**
 * repr(t) as PyTorch 2.x prints it.
 *
 * @example
 * formatTensor(torch.tensor([1e-5, 1e3]))  // 'tensor([1.0000e-05, 1.0000e+03])'
 * // nn.Parameter's repr (the Python side adds the first line):
 * 'Parameter containing:\n' + formatTensor(weight)
 */
export function formatTensor(t: Printable, opts: FormatTensorOptions = {}): string {
  return formatTensorData(t.toArray(), t.shape, t.dtype, {
    ...opts,
    requiresGrad: t.requiresGrad,
    gradFnName: t.gradFn?.name ?? null,
  });
}

/**
 * repr of a tensor given as row-major values, shape and dtype.
 *
 * @example
 * formatTensorData([1, 2], [2], 'int32')  // 'tensor([1, 2], dtype=torch.int32)'
 * formatTensorData([], [0, 3], 'float32') // 'tensor([], size=(0, 3))'
 */
export function formatTensorData(
  values: readonly number[],
  shape: readonly number[],
  dtype: DType,
  opts: FormatTensorDataOptions = {},
): string {
  const printOpts = getPrintOptions();
  const prefix = opts.prefix ?? 'tensor(';
  const indent = opts.indent ?? prefix.length;
  const suffixes = [...(opts.suffixes ?? [])];
  const numel = shape.reduce((a, b) => a * b, 1);
  let body: string;
  if (numel === 0) {
    // Explicitly print the shape unless it is (0,), as NumPy does; and the dtype
    // whenever it is not the default float (no element shows int-ness).
    if (shape.length !== 1) suffixes.push('size=' + pyTuple(shape));
    if (dtype !== getDefaultDtype()) suffixes.push('dtype=' + dtypeName(dtype));
    body = '[]';
  } else {
    if (!hasDefaultDtype(dtype)) suffixes.push('dtype=' + dtypeName(dtype));
    body = tensorBody(values, shape, dtype, indent, printOpts);
  }
  if (opts.gradFnName != null) suffixes.push(`grad_fn=<${opts.gradFnName}>`);
  else if (opts.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent, printOpts.linewidth);
}

/** Dtypes printed without a dtype= suffix: the default float, int64 and bool. */
function hasDefaultDtype(dtype: DType): boolean {
  return dtype === getDefaultDtype() || dtype === 'int64' || dtype === 'bool';
}

/** Python's str(tuple(shape)): '(0, 3)', '(0,)', '()'. */
export function pyTuple(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * The bracketed data alone (PyTorch's `_tensor_str(t, indent)`), e.g. '[1., 2.]';
 * `indent` is the column of the opening bracket.
 */
export function tensorBody(
  values: readonly number[],
  shape: readonly number[],
  dtype: DType,
  indent: number,
  printOpts: PrintOptions = getPrintOptions(),
): string {
  const numel = shape.reduce((a, b) => a * b, 1);
  if (numel === 0) return '[]';
  if (values.length !== numel) {
    throw new RangeError(`tensorBody: ${values.length} values for shape ${pyTuple(shape)}`);
  }
  const summarize = numel > printOpts.threshold;
  const shown = summarize ? summarizedValues(values, shape, printOpts.edgeitems) : values;
  const formatter = new Formatter(shown, dtype, printOpts);
  const printer = new BodyPrinter(values, shape, summarize, formatter, printOpts);
  return printer.print(0, 0, indent);
}

/** The values a summarised print shows (PyTorch's get_summarized_data), row-major. */
function summarizedValues(values: readonly number[], shape: readonly number[], edge: number): number[] {
  const out: number[] = [];
  const ndim = shape.length;
  if (ndim === 0) return [...values];
  // PyTorch 2.x: with edgeitems=0 a multi-dimensional summary holds nothing.
  if (ndim > 1 && edge === 0) return out;
  const strides = rowMajorStrides(shape);
  const visit = (offset: number, dim: number): void => {
    const size = shape[dim]!;
    const stride = strides[dim]!;
    let indices: number[];
    if (size > 2 * edge) {
      // Python's self[-0:] is the whole dimension, so edgeitems=0 keeps a 1-D tensor whole.
      const tail = edge === 0 ? range(0, size) : range(size - edge, size);
      indices = [...range(0, edge), ...tail];
    } else {
      indices = range(0, size);
    }
    for (const i of indices) {
      if (dim === ndim - 1) out.push(values[offset + i]!);
      else visit(offset + i * stride, dim + 1);
    }
  };
  visit(0, 0);
  return out;
}

function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

function range(start: number, stop: number): number[] {
  const out: number[] = [];
  for (let i = start; i < stop; i++) out.push(i);
  return out;
}

/** PyTorch's _Formatter: chooses the notation and width from the shown values. */
export class Formatter {
  readonly floating: boolean;
  private readonly isBool: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  private readonly precision: number;

  constructor(values: readonly number[], dtype: DType, printOpts: PrintOptions = getPrintOptions()) {
    this.floating = isFloating(dtype);
    this.isBool = dtype === 'bool';
    this.precision = printOpts.precision;
    if (!this.floating) {
      for (const v of values) this.widen(this.nonFloatStr(v).length);
      return;
    }
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    // No nonzero finite value: keep the defaults, and (as PyTorch) ignore sciMode.
    if (finite.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    this.intMode = finite.every((v) => v === Math.ceil(v));
    const p = this.precision;
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of finite) this.widen(pyFormatExp(v, p).length);
      } else {
        for (const v of finite) this.widen(pyFormatFixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of finite) this.widen(pyFormatExp(v, p).length);
    } else {
      for (const v of finite) this.widen(pyFormatFixed(v, p).length);
    }
    if (printOpts.sciMode !== null) this.sciMode = printOpts.sciMode;
  }

  private widen(width: number): void {
    if (width > this.maxWidth) this.maxWidth = width;
  }

  /** One value, right-aligned to the common width. */
  format(value: number): string {
    let ret: string;
    if (this.floating) {
      if (this.sciMode) ret = pyFormatExp(value, this.precision);
      else if (this.intMode) {
        ret = pyFormatFixed(value, 0);
        if (Number.isFinite(value)) ret += '.';
      } else ret = pyFormatFixed(value, this.precision);
    } else {
      ret = this.nonFloatStr(value);
    }
    return ret.padStart(this.maxWidth, ' ');
  }

  /** Python's str() of an int or bool element. */
  private nonFloatStr(v: number): string {
    if (this.isBool) return v !== 0 ? 'True' : 'False';
    return pyIntStr(v);
  }
}

/** PyTorch's _tensor_str_with_formatter / _vector_str over a flat row-major buffer. */
class BodyPrinter {
  private readonly strides: number[];

  constructor(
    private readonly values: readonly number[],
    private readonly shape: readonly number[],
    private readonly summarize: boolean,
    private readonly formatter: Formatter,
    private readonly printOpts: PrintOptions,
  ) {
    this.strides = rowMajorStrides(shape);
  }

  print(offset: number, dim: number, indent: number): string {
    const ndim = this.shape.length;
    if (ndim === 0) return this.formatter.format(this.values[0]!);
    if (dim === ndim - 1) return this.vector(offset, dim, indent);
    const size = this.shape[dim]!;
    const stride = this.strides[dim]!;
    const edge = this.printOpts.edgeitems;
    const sub = (i: number) => this.print(offset + i * stride, dim + 1, indent + 1);
    let slices: string[];
    if (this.summarize && size > 2 * edge) {
      slices = [...range(0, edge).map(sub), '...', ...range(size - edge, size).map(sub)];
    } else {
      slices = range(0, size).map(sub);
    }
    const remaining = ndim - dim;
    return '[' + slices.join(',' + '\n'.repeat(remaining - 1) + ' '.repeat(indent + 1)) + ']';
  }

  private vector(offset: number, dim: number, indent: number): string {
    const size = this.shape[dim]!;
    const edge = this.printOpts.edgeitems;
    const elementLength = this.formatter.maxWidth + 2;
    const perLine = Math.max(1, Math.floor((this.printOpts.linewidth - indent) / elementLength));
    const fmt = (i: number) => this.formatter.format(this.values[offset + i]!);
    let data: string[];
    if (this.summarize && edge === 0) {
      data = ['...'];
    } else if (this.summarize && size > 2 * edge) {
      data = [...range(0, edge).map(fmt), ' ...', ...range(size - edge, size).map(fmt)];
    } else {
      data = range(0, size).map(fmt);
    }
    const lines: string[] = [];
    for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
    return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
  }
}

/** PyTorch's _add_suffixes: ', suffix' or a new line when past linewidth; then ')'. */
function addSuffixes(tensorStr: string, suffixes: readonly string[], indent: number, linewidth: number): string {
  const parts = [tensorStr];
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}
