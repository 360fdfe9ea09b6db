// torch.set_printoptions / torch.get_printoptions: the global options that
// tensor printing reads (PRINT_OPTS in torch/_tensor_str.py).

export interface PrintOptions {
  /** Digits after the decimal point (or in the mantissa in scientific mode). */
  precision: number;
  /** Tensors with more elements than this are summarised with `...`. */
  threshold: number;
  /** Items kept at each end of a summarised dimension. */
  edgeitems: number;
  /** Characters per line before wrapping. */
  linewidth: number;
  /** Force (true) or forbid (false) scientific notation; null lets the formatter choose. */
  sciMode: boolean | null;
}

export type PrintProfile = 'default' | 'short' | 'full';

export interface SetPrintOptionsArgs {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: PrintProfile | null;
  sciMode?: boolean | null;
}

const PROFILES: Record<PrintProfile, Omit<PrintOptions, 'sciMode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

const PRINT_OPTS: PrintOptions = { ...PROFILES.default, sciMode: null };

/** A copy of the current options (torch.get_printoptions). */
export function getPrintOptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

/**
 * torch.set_printoptions. As in PyTorch, a profile is applied first, then the
 * explicit options; and `sciMode` is reset to null (automatic) whenever it is
 * not given.
 *
 * @example
 * setPrintOptions({ precision: 2 });     // tensor([1.12])
 * setPrintOptions({ profile: 'default' });
 */
export function setPrintOptions(args: SetPrintOptionsArgs = {}): void {
  // PyTorch silently ignores an unknown profile name.
  const profile = args.profile != null ? PROFILES[args.profile] : undefined;
  if (profile !== undefined) Object.assign(PRINT_OPTS, profile);
  if (args.precision != null) PRINT_OPTS.precision = args.precision;
  if (args.threshold != null) PRINT_OPTS.threshold = args.threshold;
  if (args.edgeitems != null) PRINT_OPTS.edgeitems = args.edgeitems;
  if (args.linewidth != null) PRINT_OPTS.linewidth = args.linewidth;
  PRINT_OPTS.sciMode = args.sciMode ?? null;
}

/** Run `fn` with temporary options (torch._tensor_str.printoptions), restoring them afterwards. */
export function withPrintOptions<T>(args: SetPrintOptionsArgs, fn: () => T): T {
  const saved = getPrintOptions();
  setPrintOptions(args);
  try {
    return fn();
  } finally {
    Object.assign(PRINT_OPTS, saved);
  }
}
