import type { LintSyntax } from '../../../../shared/languages';

/**
 * Finds service-config string literals in Python, Go and JavaScript/TypeScript source and maps every
 * character of the decoded JSON back to its exact place in the source (through escapes, raw strings and
 * concatenated pieces), so lint ranges and fixes land on the right characters.
 *
 * Recognised: Python `('grpc.service_config', <str>)`, Go `WithDefaultServiceConfig(<str>)`,
 * JS/TS `'grpc.service_config': <str>`, where <str> is a literal, literals joined by `+` (or adjacent in
 * Python), or a name assigned such a literal in the same file. Other expressions are skipped.
 */

export type SourceLanguage = Exclude<LintSyntax, 'json'>;

/** Escapes `text` so that it decodes to itself inside this literal; undefined when impossible (raw strings). */
type Escaper = (text: string) => string | undefined;

interface StringToken {
  kind: 'string';
  start: number;
  end: number;
  /** false for f-strings and templates with `${}`: their value is not known statically */
  known: boolean;
  value: string;
  /** per UTF-16 unit of value: source offsets where it starts and ends */
  starts: number[];
  ends: number[];
  escape: Escaper;
}
interface OtherToken {
  kind: 'ident' | 'punct' | 'number';
  start: number;
  end: number;
  text: string;
}
type Token = StringToken | OtherToken;

export interface ServiceConfigLiteral {
  /** the decoded JSON text */
  text: string;
  /** source offset where JSON unit i starts / ends */
  starts: number[];
  ends: number[];
  /** which piece each JSON unit came from (for escaping edits) */
  pieceOf: number[];
  pieces: { start: number; end: number; escape: Escaper }[];
  /** source range of the anchor (option name or call) that made this a service config */
  anchor: { start: number; end: number };
}

const hex = (s: string): number => parseInt(s, 16);

/** Decodes one escape at `src[i] === '\\'`; returns the produced text and the source end. */
function decodeEscape(src: string, i: number, lang: SourceLanguage): { text: string; end: number } {
  const c = src[i + 1];
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    b: '\b',
    f: '\f',
    v: '\v',
    '\\': '\\',
    "'": "'",
    '"': '"',
  };
  if (c === undefined) return { text: '\\', end: i + 1 };
  if (c in simple) return { text: simple[c], end: i + 2 };
  if (c === 'a' && lang !== 'js') return { text: '\x07', end: i + 2 };
  if (c === '`' && lang === 'js') return { text: '`', end: i + 2 };
  if (c === '\r' && src[i + 2] === '\n' && lang !== 'go') return { text: '', end: i + 3 };
  if ((c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') && lang !== 'go') return { text: '', end: i + 2 };
  if (c === 'x') {
    const m = /^[0-9a-fA-F]{2}/.exec(src.slice(i + 2, i + 4));
    if (m) return { text: String.fromCharCode(hex(m[0])), end: i + 4 };
  }
  if (c === 'u') {
    if (lang === 'js' && src[i + 2] === '{') {
      const close = src.indexOf('}', i + 3);
      if (close > 0 && /^[0-9a-fA-F]{1,6}$/.test(src.slice(i + 3, close)))
        return { text: String.fromCodePoint(hex(src.slice(i + 3, close))), end: close + 1 };
    }
    const m = /^[0-9a-fA-F]{4}/.exec(src.slice(i + 2, i + 6));
    if (m) return { text: String.fromCharCode(hex(m[0])), end: i + 6 };
  }
  if (c === 'U' && lang !== 'js') {
    const m = /^[0-9a-fA-F]{8}/.exec(src.slice(i + 2, i + 10));
    if (m && hex(m[0]) <= 0x10ffff) return { text: String.fromCodePoint(hex(m[0])), end: i + 10 };
  }
  if (/[0-7]/.test(c) && lang !== 'js') {
    const m = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4))!;
    return { text: String.fromCharCode(parseInt(m[0], 8)), end: i + 1 + m[0].length };
  }
  if (c === '0' && lang === 'js') return { text: '\0', end: i + 2 };
  // Python keeps unknown escapes verbatim; JS drops the backslash.
  if (lang === 'python') return { text: '\\', end: i + 1 };
  return { text: c, end: i + 2 };
}

function escaperFor(lang: SourceLanguage, quote: string, raw: boolean): Escaper {
  return (text) => {
    if (raw) {
      if (text.includes(quote) || (lang === 'python' && text.endsWith('\\')) || (lang === 'go' && text.includes('`')))
        return undefined;
      return text;
    }
    let out = text.replace(/\\/g, '\\\\');
    if (quote === '`') out = out.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
    else if (quote.length === 3)
      out = out.split(quote).join(`\\${quote[0]}`.repeat(3)); // lone quotes are fine in '''…'''
    else out = out.split(quote[0]).join(`\\${quote[0]}`);
    if (quote.length === 1 && quote !== '`') out = out.replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    return out;
  };
}

/** Lexes a string body from `i` (after the opening quote) to the closing `quote`. */
function lexString(
  src: string,
  start: number,
  i: number,
  quote: string,
  lang: SourceLanguage,
  raw: boolean,
  known: boolean,
): StringToken {
  let value = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (text: string, from: number, to: number): void => {
    for (let k = 0; k < text.length; k++) {
      starts.push(from);
      ends.push(to);
    }
    value += text;
  };
  const singleLine = quote.length === 1 && quote !== '`';
  while (i < src.length) {
    if (src.startsWith(quote, i)) {
      return {
        kind: 'string',
        start,
        end: i + quote.length,
        known,
        value,
        starts,
        ends,
        escape: escaperFor(lang, quote, raw),
      };
    }
    const ch = src[i];
    if (singleLine && (ch === '\n' || ch === '\r')) break; // unterminated
    if (quote === '`' && lang === 'js' && src.startsWith('${', i)) {
      known = false;
      let depth = 0;
      for (; i < src.length; i++) {
        if (src[i] === '{') depth++;
        else if (src[i] === '}' && --depth === 0) break;
      }
      i++;
      continue;
    }
    if (ch === '\\') {
      if (raw) {
        // In Python raw strings a backslash still protects the next character from ending the string.
        const n = lang === 'python' && i + 1 < src.length ? 2 : 1;
        for (let k = 0; k < n; k++) push(src[i + k], i + k, i + k + 1);
        i += n;
        continue;
      }
      const e = decodeEscape(src, i, lang);
      push(e.text, i, e.end);
      i = e.end;
      continue;
    }
    if (ch === '\r' && quote === '`' && lang === 'go') {
      i++; // Go drops carriage returns from raw strings
      continue;
    }
    const cp = src.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    push(src.slice(i, i + w), i, i + w);
    i += w;
  }
  return { kind: 'string', start, end: i, known: false, value, starts, ends, escape: () => undefined };
}

const IDENT = /[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*/y;
const NUMBER = /(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)[a-zA-Z]*/y;

export function tokenize(src: string, lang: SourceLanguage): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const lastSignificant = (): Token | undefined => tokens[tokens.length - 1];
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (lang === 'python' && ch === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (lang !== 'python' && src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (lang !== 'python' && src.startsWith('/*', i)) {
      const close = src.indexOf('*/', i + 2);
      i = close < 0 ? src.length : close + 2;
      continue;
    }
    if (lang === 'python') {
      const prefix = /[rRbBuUfF]{1,2}(?=['"])/y;
      prefix.lastIndex = i;
      const p = prefix.exec(src);
      const at = p ? i + p[0].length : i;
      if (src[at] === '"' || src[at] === "'") {
        const letters = (p?.[0] ?? '').toLowerCase();
        const triple = src.startsWith(src[at].repeat(3), at);
        const quote = triple ? src[at].repeat(3) : src[at];
        const tok = lexString(
          src,
          i,
          at + quote.length,
          quote,
          'python',
          letters.includes('r'),
          !letters.includes('f') && !letters.includes('b'),
        );
        tokens.push(tok);
        i = tok.end;
        continue;
      }
    } else if (ch === '"' || ch === "'" || ch === '`') {
      const tok = lexString(src, i, i + 1, ch, lang, lang === 'go' && ch === '`', true);
      tokens.push(tok);
      i = tok.end;
      continue;
    }
    if (lang === 'js' && ch === '/') {
      const prev = lastSignificant();
      const regexAllowed =
        !prev ||
        (prev.kind === 'punct' && !/[)\]}]/.test(prev.text)) ||
        (prev.kind === 'ident' && ['return', 'typeof', 'case', 'in', 'of', 'yield', 'await'].includes(prev.text));
      if (regexAllowed) {
        let j = i + 1;
        let inClass = false;
        for (; j < src.length && src[j] !== '\n'; j++) {
          if (src[j] === '\\') j++;
          else if (src[j] === '[') inClass = true;
          else if (src[j] === ']') inClass = false;
          else if (src[j] === '/' && !inClass) break;
        }
        i = j + 1;
        while (i < src.length && /[a-z]/.test(src[i])) i++;
        continue;
      }
    }
    IDENT.lastIndex = i;
    const id = IDENT.exec(src);
    if (id) {
      tokens.push({ kind: 'ident', start: i, end: i + id[0].length, text: id[0] });
      i += id[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(src);
    if (num) {
      tokens.push({ kind: 'number', start: i, end: i + num[0].length, text: num[0] });
      i += num[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    const text = two === ':=' ? two : ch;
    tokens.push({ kind: 'punct', start: i, end: i + text.length, text });
    i += text.length;
  }
  return tokens;
}

const isPunct = (t: Token | undefined, text: string): boolean => t?.kind === 'punct' && t.text === text;

/** Parses `lit (+? lit)*`, optionally parenthesised, or a name; returns the string pieces. */
function parseStringExpr(
  tokens: Token[],
  i: number,
  lang: SourceLanguage,
  resolveName: boolean,
): StringToken[] | undefined {
  let open = 0;
  while (isPunct(tokens[i], '(')) {
    open++;
    i++;
  }
  const first = tokens[i];
  if (first?.kind === 'ident' && resolveName && open === 0) {
    const next = tokens[i + 1];
    if (isPunct(next, '(') || isPunct(next, '.') || isPunct(next, '[')) return undefined;
    return resolveAssignment(tokens, first.text, i, lang);
  }
  const pieces: StringToken[] = [];
  while (tokens[i]?.kind === 'string') {
    const s = tokens[i] as StringToken;
    if (!s.known) return undefined;
    pieces.push(s);
    i++;
    if (isPunct(tokens[i], '+') && tokens[i + 1]?.kind === 'string') i++;
    else if (lang !== 'python' || tokens[i]?.kind !== 'string') break;
  }
  if (!pieces.length) return undefined;
  for (let k = 0; k < open && isPunct(tokens[i], ')'); k++) i++;
  // `"…" % x`, `"…".format()`, `"…" * 2`, `"…"[1:]`: a bigger expression whose value is not the literal.
  const after = tokens[i];
  if (after?.kind === 'punct' && ['%', '.', '*', '['].includes(after.text)) return undefined;
  return pieces;
}

function resolveAssignment(
  tokens: Token[],
  name: string,
  useAt: number,
  lang: SourceLanguage,
): StringToken[] | undefined {
  let best: StringToken[] | undefined;
  for (let k = 0; k < tokens.length - 2; k++) {
    const t = tokens[k];
    if (t.kind !== 'ident' || t.text !== name || k === useAt || isPunct(tokens[k - 1], '.')) continue;
    const op = tokens[k + 1];
    if (!(isPunct(op, '=') && !isPunct(tokens[k + 2], '=')) && !isPunct(op, ':=')) continue;
    const pieces = parseStringExpr(tokens, k + 2, lang, false);
    if (!pieces) continue;
    if (k < useAt || !best) best = pieces;
  }
  return best;
}

function join(pieces: StringToken[], anchor: { start: number; end: number }): ServiceConfigLiteral {
  const lit: ServiceConfigLiteral = { text: '', starts: [], ends: [], pieceOf: [], pieces: [], anchor };
  pieces.forEach((p, n) => {
    lit.text += p.value;
    for (const x of p.starts) lit.starts.push(x); // no spread: a literal may be longer than the argument limit
    for (const x of p.ends) lit.ends.push(x);
    for (let k = 0; k < p.value.length; k++) lit.pieceOf.push(n);
    lit.pieces.push({ start: p.start, end: p.end, escape: p.escape });
  });
  return lit;
}

/** Every service-config literal in a source file, in source order. */
export function findServiceConfigLiterals(src: string, lang: SourceLanguage): ServiceConfigLiteral[] {
  const tokens = tokenize(src, lang);
  const found: ServiceConfigLiteral[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let exprAt = -1;
    if (lang === 'go' && t.kind === 'ident' && t.text === 'WithDefaultServiceConfig' && isPunct(tokens[i + 1], '('))
      exprAt = i + 2;
    else if (t.kind === 'string' && t.value === 'grpc.service_config') {
      const next = tokens[i + 1];
      if (lang === 'python' && isPunct(next, ',')) exprAt = i + 2;
      else if (lang === 'python' && isPunct(next, ':')) exprAt = i + 2;
      else if (lang === 'js' && isPunct(next, ':')) exprAt = i + 2;
      else if (lang === 'js' && isPunct(next, ']') && isPunct(tokens[i + 2], ':')) exprAt = i + 3;
    }
    if (exprAt < 0) continue;
    const pieces = parseStringExpr(tokens, exprAt, lang, true);
    if (!pieces || seen.has(pieces[0].start)) continue;
    seen.add(pieces[0].start);
    found.push(join(pieces, { start: t.start, end: t.end }));
  }
  return found;
}

/** Source range for the JSON range [from, to) of a literal. */
export function mapRange(lit: ServiceConfigLiteral, from: number, to: number): { start: number; end: number } {
  const n = lit.text.length;
  const startOf = (k: number): number => (k < n ? lit.starts[k] : n ? lit.ends[n - 1] : lit.pieces[0].end - 1);
  const start = startOf(Math.min(from, n));
  const end = to > from ? lit.ends[Math.min(to, n) - 1] : start;
  return { start, end: Math.max(start, end) };
}

/** Source edit for replacing JSON [from, to) with `newText`; undefined when the literal cannot hold it. */
export function mapEdit(
  lit: ServiceConfigLiteral,
  from: number,
  to: number,
  newText: string,
): { start: number; end: number; newText: string } | undefined {
  const n = lit.text.length;
  const piece = lit.pieces[lit.pieceOf[Math.min(from, n - 1)] ?? 0];
  // An edit spanning pieces would have to rewrite the quotes between them: not offered.
  if (to > from && lit.pieceOf[from] !== lit.pieceOf[Math.min(to, n) - 1]) return undefined;
  const escaped = piece.escape(newText);
  if (escaped === undefined) return undefined;
  const { start, end } = mapRange(lit, from, to);
  return { start, end, newText: escaped };
}
