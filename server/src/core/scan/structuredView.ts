/**
 * The text a line's patterns are matched against: the line without its container prefix and, for a
 * structured record (JSON, logfmt with quoted values), with string escapes undone — `\"`, `\\`, `\/`, `\n`,
 * `\t`, `\r`, `\b`, `\f`, `\uXXXX`, and a second level for JSON embedded in a JSON string. A map takes every
 * character of the view back to its column in the raw line, so findings point at the raw characters.
 * A traceback joined with `\n` inside one string becomes several lines of the view, still one record.
 */
export interface LineView {
  /** the text to match (may contain '\n' when a string held several lines) */
  readonly text: string;
  /** true when escapes were undone (a structured record: one incident) */
  readonly structured: boolean;
  /** column in the raw line where view character i starts; col(text.length) is the end of the last one */
  col(i: number): number;
}

const MAX_LEVELS = 3;

/** Lines that may carry escaped strings: a JSON object / array, or `key="value"` pairs (logfmt, slog text). */
function looksStructured(body: string): boolean {
  return /^\s*[{[]/.test(body) || /[\w.@-]=["']/.test(body) || /":\s*"/.test(body);
}

export function lineView(raw: string, bodyStart: number): LineView {
  const body = bodyStart ? raw.slice(bodyStart) : raw;
  if (body.indexOf('\\') === -1 || !looksStructured(body))
    return { text: body, structured: false, col: (i) => i + bodyStart };
  let text = body;
  let map: Int32Array | undefined;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const next = unescapeOnce(text, map, bodyStart);
    if (!next) break;
    text = next.text;
    map = next.map;
    // Another level only for JSON inside a JSON string (its quotes are still escaped).
    if (text.indexOf('\\"') === -1) break;
  }
  if (!map) return { text: body, structured: false, col: (i) => i + bodyStart };
  const m = map;
  return { text, structured: true, col: (i) => m[Math.min(Math.max(i, 0), m.length - 1)] };
}

const SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

/** Undoes one level of escapes; returns undefined when there was nothing to undo. */
function unescapeOnce(
  s: string,
  map: Int32Array | undefined,
  base: number,
): { text: string; map: Int32Array } | undefined {
  const at = (i: number): number => (map ? map[i] : i + base);
  const out: string[] = [];
  const outMap: number[] = [];
  let changed = false;
  let plainFrom = 0;
  const flushPlain = (to: number): void => {
    if (to > plainFrom) {
      out.push(s.slice(plainFrom, to));
      for (let k = plainFrom; k < to; k++) outMap.push(at(k));
    }
  };
  for (let i = s.indexOf('\\'); i !== -1 && i + 1 < s.length; i = s.indexOf('\\', i)) {
    const c = s[i + 1];
    let decoded: string | undefined;
    let width = 2;
    if (c in SIMPLE) decoded = SIMPLE[c];
    else if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
      decoded = String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
      width = 6;
    }
    if (decoded === undefined) {
      i += 2;
      continue;
    }
    flushPlain(i);
    out.push(decoded);
    outMap.push(at(i));
    changed = true;
    i += width;
    plainFrom = i;
  }
  if (!changed) return undefined;
  flushPlain(s.length);
  outMap.push(at(s.length));
  return { text: out.join(''), map: Int32Array.from(outMap) };
}
