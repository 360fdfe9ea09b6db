// Toolbar icons as inline SVG (no icon font to load, no emoji that some systems lack).
const PATHS = {
  menu: 'M3 5h14M3 10h14M3 15h14',
  save: 'M4 3h10l3 3v11H4zM7 3v5h6V3M7 17v-5h7v5',
  download: 'M10 3v10M5.5 8.5 10 13l4.5-4.5M4 17h12',
  plus: 'M10 4v12M4 10h12',
  run: 'M6 4l10 6-10 6z',
  stop: 'M5 5h10v10H5z',
  restart: 'M15.5 6.5A6.5 6.5 0 1 0 16.5 10M16 3v4h-4',
  restartRun: 'M3 4l7 6-7 6zM10 4l7 6-7 6z',
  runAll: 'M3 4l7 6-7 6zM11 4h2v12h-2z',
  runAbove: 'M4 4h12M10 16V7M6 11l4-4 4 4',
  runBelow: 'M4 16h12M10 4v9M6 9l4 4 4-4',
  trash: 'M4 6h12M8 6V4h4v2M6 6l1 11h6l1-11',
  up: 'M10 16V4M5 9l5-5 5 5',
  down: 'M10 4v12M5 11l5 5 5-5',
  keyboard: 'M2 5h16v10H2zM5 8h1M8 8h1M11 8h1M14 8h1M6 12h8',
  panel: 'M3 4h14v12H3zM12 4v12',
  clear: 'M4 6h12M4 10h7M4 14h5M12 12l5 5M17 12l-5 5',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  const filled = name === 'run' || name === 'stop' || name === 'restartRun' || name === 'runAll';
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
