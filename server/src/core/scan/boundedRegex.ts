import { setFlagsFromString } from 'v8';

/**
 * Regexes from outside the project (settings, `--knowledge` directories) run on V8's linear-time engine
 * (the `l` flag: no backtracking, so no input can make them slow). The engine sits behind a V8 flag;
 * it is switched on here once. Built-in patterns keep the backtracking engine: each is proven linear in
 * the way it runs by a ReDoS analyser in the tests (test/server/core/scan/redos.test.ts).
 */
let linearAvailable: boolean | undefined;

export function linearEngineAvailable(): boolean {
  if (linearAvailable === undefined) {
    linearAvailable = tryLinear();
    if (!linearAvailable) {
      try {
        setFlagsFromString('--enable-experimental-regexp-engine');
      } catch {
        // not settable here
      }
      linearAvailable = tryLinear();
    }
  }
  return linearAvailable;
}

function tryLinear(): boolean {
  try {
    return new RegExp('abcd', 'l').flags.includes('l');
  } catch {
    return false;
  }
}

/** Characters each side of a literal hit that a pattern regex may see (it never sees a whole long line). */
export const REGEX_WINDOW_BEFORE = 1024;
export const REGEX_WINDOW_AFTER = 4096;
/** Windows tried per pattern and line: with the window size this bounds regex work per line linearly. */
export const REGEX_ATTEMPTS_PER_LINE = 16;

/**
 * Compiles a pattern regex: sticky when every match starts with the anchor (it then runs at each hit),
 * on the linear engine when `untrusted`. Throws (with the engine's message) when it cannot be compiled.
 */
export function compileBounded(source: string, sticky: boolean, untrusted: boolean): RegExp {
  const flags = sticky ? 'y' : '';
  if (!untrusted) return new RegExp(source, flags);
  if (!linearEngineAvailable()) throw new Error('this Node.js has no linear-time regex engine; use a literal pattern');
  return new RegExp(source, `${flags}l`);
}
