/**
 * Safety checks for pattern regexes (knowledge entries and user settings). A regex is accepted only when
 * it cannot backtrack catastrophically — no quantified group that itself contains a quantifier or an
 * alternation ((a+)+, (a|aa)*), no backreferences, no lookaround — and when it has a literal anchor the
 * automaton can find, so the regex only ever runs on lines that already contain that anchor.
 */

export interface RegexCheck {
  ok: boolean;
  /**
   * Literal run that every match contains (ASCII, ≥ 4 characters): the run every match starts with when
   * there is one (`sticky`), else the longest.
   */
  anchor?: string;
  /** true when every match starts with `anchor`: the regex then runs sticky at each hit of the anchor */
  sticky?: boolean;
  reason?: string;
}

const MIN_ANCHOR = 4;

export function checkPatternRegex(source: string): RegexCheck {
  if (source.length > 500) return { ok: false, reason: 'regex longer than 500 characters' };
  try {
    new RegExp(source);
  } catch (err) {
    return { ok: false, reason: `invalid regex: ${(err as Error).message}` };
  }
  const nested = findNestedQuantifier(source);
  if (nested) return { ok: false, reason: nested };
  const leading = leadingLiteralRun(source);
  const sticky = leading !== undefined && leading.length >= MIN_ANCHOR;
  const anchor = sticky ? leading : longestLiteralRun(source);
  if (!anchor || anchor.length < MIN_ANCHOR) {
    return {
      ok: false,
      reason: `needs a literal run of at least ${MIN_ANCHOR} characters outside groups and alternations`,
    };
  }
  if ([...anchor].some((ch) => ch.charCodeAt(0) > 127)) return { ok: false, reason: 'anchor must be ASCII' };
  return sticky ? { ok: true, anchor, sticky } : { ok: true, anchor };
}

interface Group {
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

/**
 * Returns a reason when a quantified group contains a quantifier (`?` included) or an alternation, or when
 * two unbounded quantifiers follow each other (`\\w*\\w*`: polynomial backtracking).
 */
function findNestedQuantifier(src: string): string | undefined {
  const stack: Group[] = [];
  let lastGroup: Group | undefined;
  /** the previous atom carried an unbounded quantifier (`*`, `+`, `{n,}`), with nothing required since */
  let lastUnbounded = false;
  let prevWasQuantifier = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    const quantifier = ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d*,?\d*\}/.test(src.slice(i)));
    if (quantifier) {
      if (ch === '?' && prevWasQuantifier) {
        prevWasQuantifier = false;
        continue;
      } // lazy modifier (`*?`)
      const close = ch === '{' ? src.indexOf('}', i) : i;
      const body = src.slice(i, close + 1);
      const isRepeat =
        ch === '*' || ch === '+' || (ch === '{' && !/^\{0?,?1\}$/.test(body) && !/^\{(\d+)\}$/.test(body));
      const unbounded = ch === '*' || ch === '+' || /^\{\d*,\}$/.test(body);
      if (lastGroup && isRepeat && (lastGroup.hasQuantifier || lastGroup.hasAlternation)) {
        return 'nested quantifier: a repeated group contains a quantifier or alternation (catastrophic backtracking)';
      }
      if (unbounded && lastUnbounded) return 'adjacent unbounded quantifiers (polynomial backtracking)';
      for (const g of stack) g.hasQuantifier = true;
      if (unbounded) lastUnbounded = true;
      i = close;
      lastGroup = undefined;
      prevWasQuantifier = true;
      continue;
    }
    prevWasQuantifier = false;
    // an atom starts here: a required atom ends a chain of unbounded quantifiers unless it is quantified too
    const nextIsOptional = (end: number): boolean => /^(?:[*?]|\{0?,)/.test(src.slice(end + 1));
    if (ch === '\\') {
      const next = src[i + 1] ?? '';
      if (/[1-9k]/.test(next)) return 'backreferences are not allowed';
      i++;
      if (!nextIsOptional(i) && !/^[*+]|^\{\d*,\}/.test(src.slice(i + 1))) lastUnbounded = false;
      lastGroup = undefined;
      continue;
    }
    if (ch === '[') {
      i = skipClass(src, i);
      if (!nextIsOptional(i) && !/^[*+]|^\{\d*,\}/.test(src.slice(i + 1))) lastUnbounded = false;
      lastGroup = undefined;
      continue;
    }
    if (ch === '(') {
      if (
        src.startsWith('(?=', i) ||
        src.startsWith('(?!', i) ||
        src.startsWith('(?<=', i) ||
        src.startsWith('(?<!', i)
      ) {
        return 'lookaround is not allowed';
      }
      stack.push({ hasQuantifier: false, hasAlternation: false });
      if (src.startsWith('(?:', i)) i += 2;
      else if (src.startsWith('(?<', i)) i = Math.max(i, src.indexOf('>', i));
      lastGroup = undefined;
      lastUnbounded = false; // conservative only inside: a group's content is checked on its own
      continue;
    }
    if (ch === ')') {
      lastGroup = stack.pop();
      continue;
    }
    if (ch === '|') {
      if (stack.length) stack[stack.length - 1].hasAlternation = true;
      lastUnbounded = false;
      continue;
    }
    if (ch !== '^' && ch !== '$' && !nextIsOptional(i) && !/^[*+]|^\{\d*,\}/.test(src.slice(i + 1)))
      lastUnbounded = false;
    lastGroup = undefined;
  }
  return undefined;
}

function skipClass(src: string, start: number): number {
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === ']') return i;
  }
  return src.length;
}

/** Longest run of literal characters at group depth 0 that is not followed by an optional quantifier. */
function longestLiteralRun(src: string): string | undefined {
  if (topLevelAlternation(src)) return undefined;
  let best = '';
  let run = '';
  let depth = 0;
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    let literal: string | undefined;
    if (ch === '\\') {
      const next = src[i + 1] ?? '';
      i++;
      if (/[.*+?^${}()|[\]\\/-]/.test(next)) literal = next;
      else if (next === 't') literal = '\t';
    } else if (ch === '[') {
      i = skipClass(src, i);
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if ('*+?{'.includes(ch)) {
      // the quantified character is not guaranteed (or may repeat): drop it from the run
      const optional = ch === '*' || ch === '?' || (ch === '{' && /^\{0[,}]/.test(src.slice(i)));
      if (optional || ch === '+' || ch === '{') run = run.slice(0, -1);
      if (ch === '{') i = Math.max(i, src.indexOf('}', i));
      flush();
      continue;
    } else if (!'.^$|'.includes(ch)) {
      literal = ch;
    }
    if (literal !== undefined && depth === 0) run += literal;
    else flush();
  }
  flush();
  return best || undefined;
}

/** The literal run every match starts with (at depth 0, before any class, group or quantified character). */
function leadingLiteralRun(src: string): string | undefined {
  if (topLevelAlternation(src)) return undefined;
  let run = '';
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    let literal: string | undefined;
    if (ch === '\\') {
      const next = src[i + 1] ?? '';
      if (/[.*+?^${}()|[\]\\/-]/.test(next)) literal = next;
      else if (next === 't') literal = '\t';
      else break;
      i++;
    } else if ('*+?{'.includes(ch)) {
      return run.slice(0, -1) || undefined; // the quantified character may be absent or repeat
    } else if (!'.^$|[()'.includes(ch)) {
      literal = ch;
    } else break;
    run += literal;
  }
  return run || undefined;
}

function topLevelAlternation(src: string): boolean {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = skipClass(src, i);
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}
