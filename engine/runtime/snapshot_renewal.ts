// Note [What a snapshot replays]: a Pyodide restored from a start-up snapshot
// (Note [Start-up snapshot] in pyodide_node.ts, Note [Browser start-up
// snapshot] in scripts/build-pyodide-assets.mjs) resumes the memory of the
// process that made it, so state that a fresh Python derives from its
// surroundings at start would be that process's, not this one's:
// - `random` was seeded from the OS once: every start would draw the same numbers;
// - the C library read the time zone once (Emscripten's tzset runs once per
//   process), and `time.timezone`/`tzname` were computed from it: a snapshot
//   built on a UTC machine would print UTC zone names everywhere.
// startRuntime renews both, which costs well under a millisecond. (str hashing
// keeps the snapshot's seed, as under a fixed PYTHONHASHSEED.)
import type { PyodideInterface } from 'pyodide';

/** The parts of Emscripten's module that hold the C library's time zone (undocumented; absent in other builds). */
interface EmscriptenTimeZone {
  HEAPU32: Uint32Array;
  _timezone: number;
  _daylight: number;
  _tzname: number;
  __tzset_js(timezone: number, daylight: number, stdName: number, dstName: number): void;
}

function timeZoneParts(py: PyodideInterface): EmscriptenTimeZone | null {
  const m = (py as unknown as { _module?: Partial<EmscriptenTimeZone> })._module;
  if (!m || typeof m.__tzset_js !== 'function' || !m.HEAPU32) return null;
  if (typeof m._timezone !== 'number' || typeof m._daylight !== 'number' || typeof m._tzname !== 'number') return null;
  return m as EmscriptenTimeZone;
}

// A fresh import of the built-in `time` computes the zone attributes from the
// C library; they are copied onto the module object every importer shares.
const RENEW_PYTHON = `
import random, sys
random.seed()
_old_time = sys.modules.pop("time", None)
import time as _fresh_time
if _old_time is not None:
    for _name in ("timezone", "altzone", "daylight", "tzname"):
        setattr(_old_time, _name, getattr(_fresh_time, _name))
    sys.modules["time"] = _old_time
del _old_time, _fresh_time
`;

/** Renews what a restored snapshot would replay from the process that made it (see the Note). */
export function renewProcessState(py: PyodideInterface): void {
  const tz = timeZoneParts(py);
  if (tz) {
    const names = tz._tzname >>> 2;
    tz.__tzset_js(tz._timezone, tz._daylight, tz.HEAPU32[names]!, tz.HEAPU32[names + 1]!);
  }
  py.runPython(RENEW_PYTHON, { globals: py.toPy({}) });
}
