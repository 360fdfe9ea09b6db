// Small formatting helpers for the outputs and the variable inspector.

/** Bytes as PyTorch users read them: "24 B", "1.5 KiB", "3.0 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A run's duration as Jupyter's ExecuteTime shows it: "12ms", "3.4s", "2m 05s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/** A shape the way torch.Size prints, without the wrapper: [2, 3]. */
export function formatShape(shape: number[]): string {
  return `[${shape.join(', ')}]`;
}
