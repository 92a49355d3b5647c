import type { Family, Implementation, KnowledgeEntry, Pattern, Status } from '../../../../shared/knowledge';
import { buildLiteralSearch, type LiteralSearch } from './literalSearch';
import { compileBounded } from './boundedRegex';
import { checkPatternRegex } from './regexSafety';

/** What a finding needs to know about the pattern that produced it. */
export interface CompiledPattern {
  entryId: string;
  title: string;
  lookalike: boolean;
  implementation: Implementation;
  status: Status;
  family: Family;
  requiresWrapper: boolean;
  wrappers?: Implementation[];
  priority: number;
  literal?: string;
  /** runs only on a bounded window around a hit of its anchor (see boundedRegex.ts) */
  regex?: RegExp;
  /** the regex is sticky: every match starts with the anchor, so it runs at the hit itself */
  regexSticky?: boolean;
  /** the text every match of the regex contains (the regex runs in windows around it) */
  regexAnchor?: string;
}

export interface PatternProblem {
  entryId: string;
  pattern: string;
  message: string;
}

export interface PatternSet {
  readonly patterns: CompiledPattern[];
  readonly search: LiteralSearch;
  /** literal index → indices into patterns */
  readonly byLiteral: number[][];
  readonly literals: string[];
  readonly problems: PatternProblem[];
  readonly maxLiteralLength: number;
}

/** A user-defined pattern from settings (literal or regex), reported under its own id. */
export interface UserPattern {
  literal?: string;
  regex?: string;
  id?: string;
  title?: string;
  status?: Status;
}

const USER_STATUS: Status = { name: 'UNKNOWN', code: 2 };

/** Characters a JSON / logfmt encoder may escape in a string value (Go's encoder also escapes <, >, &). */
const ESCAPABLE = /["\\<>&]/;

/**
 * What the literal search looks for: the pattern's text, or — when it holds characters an encoder escapes
 * inside a structured record (`debug data: "too_many_pings"` is `debug data: \\"too_many_pings\\"` in JSON)
 * — its longest run without them, so the line is still found and the full text is matched on the
 * unescaped view.
 */
export function searchAnchor(text: string): string {
  if (!ESCAPABLE.test(text)) return text;
  const best = text.split(/["\\<>&]/).reduce((a, b) => (b.length > a.length ? b : a), '');
  return best.length >= 4 ? best : text;
}

/**
 * Compiles every entry's patterns (plus user patterns) into one automaton. Unsafe or anchorless regexes
 * and non-ASCII literals are reported as problems and left out, never run. Regexes of user patterns and
 * of the entries named in `untrustedEntries` (a `--knowledge` directory) run on the linear-time engine.
 */
export function compilePatterns(
  entries: readonly KnowledgeEntry[],
  userPatterns: readonly UserPattern[] = [],
  untrustedEntries: ReadonlySet<string> = new Set(),
): PatternSet {
  const patterns: CompiledPattern[] = [];
  const literals: string[] = [];
  const literalIndex = new Map<string, number>();
  const byLiteral: number[][] = [];
  const problems: PatternProblem[] = [];

  const add = (compiled: CompiledPattern, fullAnchor: string): void => {
    const anchor = searchAnchor(fullAnchor);
    let li = literalIndex.get(anchor);
    if (li === undefined) {
      li = literals.length;
      literals.push(anchor);
      literalIndex.set(anchor, li);
      byLiteral.push([]);
    }
    byLiteral[li].push(patterns.length);
    patterns.push(compiled);
  };

  const compileOne = (
    base: Omit<CompiledPattern, 'literal' | 'regex'>,
    p: Pick<Pattern, 'literal' | 'regex'>,
    untrusted: boolean,
  ): void => {
    const label = p.literal ?? p.regex ?? '';
    if (p.literal !== undefined) {
      if (p.literal.length < 4)
        return void problems.push({
          entryId: base.entryId,
          pattern: label,
          message: 'literal shorter than 4 characters',
        });
      if (/[^\x00-\x7f]/.test(p.literal))
        return void problems.push({ entryId: base.entryId, pattern: label, message: 'literal must be ASCII' });
      if (/[\r\n]/.test(p.literal))
        return void problems.push({ entryId: base.entryId, pattern: label, message: 'literal must be on one line' });
      add({ ...base, literal: p.literal }, p.literal);
      return;
    }
    if (p.regex !== undefined) {
      const check = checkPatternRegex(p.regex);
      if (!check.ok || !check.anchor)
        return void problems.push({
          entryId: base.entryId,
          pattern: label,
          message: `regex rejected: ${check.reason}`,
        });
      let regex: RegExp;
      try {
        regex = compileBounded(p.regex, check.sticky === true, untrusted);
      } catch (err) {
        return void problems.push({
          entryId: base.entryId,
          pattern: label,
          message: `regex rejected: ${(err as Error).message}`,
        });
      }
      add({ ...base, regex, regexSticky: check.sticky === true, regexAnchor: check.anchor }, check.anchor);
      return;
    }
    problems.push({ entryId: base.entryId, pattern: label, message: 'pattern has neither literal nor regex' });
  };

  for (const entry of entries) {
    for (const p of entry.patterns) {
      compileOne(
        {
          entryId: entry.id,
          title: entry.title,
          lookalike: entry.lookalike,
          implementation: p.implementation,
          status: p.status,
          family: p.family,
          requiresWrapper: p.requiresWrapper ?? false,
          wrappers: p.wrappers,
          priority: p.priority ?? 0,
        },
        p,
        untrustedEntries.has(entry.id),
      );
    }
  }
  userPatterns.forEach((u, i) => {
    compileOne(
      {
        entryId: u.id ?? `user/pattern-${i + 1}`,
        title: u.title ?? `User pattern: ${u.literal ?? u.regex}`,
        lookalike: false,
        implementation: 'any',
        status: u.status ?? USER_STATUS,
        family: 'connection-lost',
        requiresWrapper: false,
        priority: 0,
      },
      u,
      true,
    );
  });

  const searched = literals.length ? literals : ['\x01\x01\x01\x01']; // placeholder that never occurs in text
  return {
    patterns,
    search: buildLiteralSearch(searched),
    byLiteral: literals.length ? byLiteral : [[]],
    literals,
    problems,
    maxLiteralLength: literals.reduce((m, l) => Math.max(m, l.length), 0),
  };
}
