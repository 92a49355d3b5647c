import type Fuse from 'fuse.js';
import type { KnowledgeEntry } from '../../../../shared/knowledge';
import type { LookupMatch } from '../../../../shared/protocol';
import { localized, type Locale } from '../l10n';

/** One ranked match; the same shape the grpcDoctor/lookup request returns. */
export type { LookupMatch };

export interface LookupOptions {
  limit?: number;
  locale?: Locale;
}

interface Doc {
  entry: KnowledgeEntry;
  id: string;
  title: string;
  title_zh: string;
  signature: string;
  signature_zh: string;
  patterns: string[];
  status: string;
  family: string;
  root_cause_zh: string;
  /** words of patterns, signature, title and id, space-separated (computed when first needed) */
  phrase?: string;
}

interface Index {
  docs: Doc[];
  /** token → docs that contain it, with the weight of the best field it appears in (parallel arrays) */
  postings: Map<string, { docs: Int32Array; weights: Float32Array }>;
  fuse?: Fuse<Doc>;
  /** sorted vocabulary, for prefix ranges */
  vocabulary: string[];
  /** a word with one character deleted → words it comes from (and each word → itself): one-typo matches by lookup */
  deletions: Map<string, string[]>;
}

const FIELD_WEIGHTS: [keyof Doc, number][] = [
  ['patterns', 3],
  ['signature', 2],
  ['title', 2],
  ['id', 1.5],
  ['title_zh', 2],
  ['signature_zh', 1],
  ['status', 1],
  ['family', 0.5],
  ['root_cause_zh', 0.5],
];
const FUSE_KEYS = FIELD_WEIGHTS.filter(([k]) => k !== 'root_cause_zh').map(([name, weight]) => ({ name, weight }));
/** fuse.js (bitap, cost ∝ KB text × query length) is the fallback when no word matches, on small KBs only. */
const FUSE_MAX_ENTRIES = 2000;
const FUSE_QUERY_CHARS = 16;

/** Lower-case ASCII words (2+ chars) and CJK character pairs: what a query can share with an entry. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[a-z0-9_]{2,}|[\u3400-\u9fff]+/g)) {
    const w = m[0];
    if (w.charCodeAt(0) < 0x3400) out.push(w);
    else if (w.length === 1) out.push(w);
    else for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
}

const indexes = new WeakMap<readonly KnowledgeEntry[], Index>();

/** Built on first lookup only (nothing heavy at start-up) and reused while the entry list is the same. */
function indexFor(entries: readonly KnowledgeEntry[]): Index {
  let index = indexes.get(entries);
  if (index) return index;
  const docs: Doc[] = entries.map((e) => ({
    entry: e,
    id: e.id,
    title: e.title,
    title_zh: e.title_zh,
    signature: e.signature,
    signature_zh: e.signature_zh,
    patterns: e.patterns.map((p) => p.literal ?? p.regex ?? ''),
    status: `${e.status.name} ${e.status.code}`,
    family: e.family,
    root_cause_zh: e.root_cause_zh,
  }));
  const building = new Map<string, Map<number, number>>();
  docs.forEach((doc, di) => {
    for (const [field, weight] of FIELD_WEIGHTS) {
      const value = doc[field];
      for (const t of tokens(Array.isArray(value) ? value.join(' ') : String(value))) {
        let p = building.get(t);
        if (!p) building.set(t, (p = new Map()));
        if ((p.get(di) ?? 0) < weight) p.set(di, weight);
      }
    }
  });
  const postings: Index['postings'] = new Map();
  for (const [t, p] of building)
    postings.set(t, { docs: Int32Array.from(p.keys()), weights: Float32Array.from(p.values()) });
  const vocabulary = [...postings.keys()].sort();
  const deletions = new Map<string, string[]>();
  const addVariant = (variant: string, word: string): void => {
    const list = deletions.get(variant);
    if (!list) deletions.set(variant, [word]);
    else if (list[list.length - 1] !== word) list.push(word);
  };
  for (const word of vocabulary) {
    addVariant(word, word);
    if (word.length >= 4) for (let i = 0; i < word.length; i++) addVariant(word.slice(0, i) + word.slice(i + 1), word);
  }
  index = { docs, postings, vocabulary, deletions };
  indexes.set(entries, index);
  return index;
}

const PREFIX_MATCH = 0.8;

/**
 * Vocabulary words a query word stands for: itself; words one typo away (4+ chars: a deletion, insertion
 * or substitution, found through the deletion index); words it starts (3+ chars).
 */
function expand(index: Index, token: string): [string, number][] {
  const found = new Map<string, number>();
  if (index.postings.has(token)) found.set(token, 1);
  if (token.length >= 4) {
    const variants = [token];
    for (let i = 0; i < token.length; i++) variants.push(token.slice(0, i) + token.slice(i + 1));
    for (const v of variants)
      for (const word of index.deletions.get(v) ?? [])
        if (!found.has(word) && Math.abs(word.length - token.length) <= 1) found.set(word, 0.6);
  }
  if (token.length >= 3) {
    const words = index.vocabulary;
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid] < token) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < words.length && words[i].startsWith(token); i++)
      if (!found.has(words[i])) found.set(words[i], PREFIX_MATCH);
  }
  return [...found];
}

/** Entries that share (possibly misspelled) words with the query, best first: Σ field weight × closeness × idf, as 0…1. */
function rankByWords(index: Index, query: string, limit: number): { item: Doc; score: number }[] {
  const n = index.docs.length;
  const scores = new Float64Array(n);
  const best = new Float64Array(n);
  const touched: number[] = [];
  let possible = 0;
  const queryTokens = tokens(query);
  const expansions = new Map(queryTokens.map((t) => [t, expand(index, t)]));
  for (const token of new Set(queryTokens)) {
    possible += 3 * Math.log(1 + n);
    const hit: number[] = [];
    for (const [t, closeness] of expansions.get(token)!) {
      const { docs, weights } = index.postings.get(t)!;
      const idf = Math.log(1 + n / docs.length);
      for (let k = 0; k < docs.length; k++) {
        const di = docs[k];
        const v = weights[k] * closeness * idf;
        if (best[di] === 0) hit.push(di);
        if (v > best[di]) best[di] = v;
      }
    }
    for (const di of hit) {
      if (scores[di] === 0) touched.push(di);
      scores[di] += best[di];
      best[di] = 0;
    }
  }
  // Words in the query's order ("reading from server") break ties between entries that share the words.
  const near = (t: string): string[] =>
    expansions
      .get(t)!
      .filter(([, closeness]) => closeness !== PREFIX_MATCH)
      .slice(0, 4)
      .map(([w]) => w);
  const pairs = queryTokens
    .slice(1)
    .map((b, i) => [near(queryTokens[i]), near(b)] as const)
    .filter(([a, b]) => a.length && b.length);
  const phraseBonus = (di: number): number => {
    const doc = index.docs[di];
    doc.phrase ??= ` ${tokens(`${doc.patterns.join(' ')} ${doc.signature} ${doc.title} ${doc.id}`).join(' ')} `;
    let found = 0;
    for (const [as, bs] of pairs) if (as.some((a) => bs.some((b) => doc.phrase!.includes(` ${a} ${b} `)))) found++;
    return found * Math.log(1 + n) * 0.5;
  };
  const shortlist = limit + 10;
  // Top `limit` by score (ties: KB order) without sorting every touched entry.
  const top: number[] = [];
  for (const di of touched) {
    const s = scores[di];
    if (
      top.length === shortlist &&
      (s < scores[top[shortlist - 1]] || (s === scores[top[shortlist - 1]] && di > top[shortlist - 1]))
    )
      continue;
    let i = top.length;
    while (i > 0 && (scores[top[i - 1]] < s || (scores[top[i - 1]] === s && top[i - 1] > di))) i--;
    top.splice(i, 0, di);
    if (top.length > shortlist) top.pop();
  }
  if (pairs.length) for (const di of top) scores[di] += phraseBonus(di);
  possible += pairs.length * Math.log(1 + n) * 0.5;
  top.sort((a, b) => scores[b] - scores[a] || a - b);
  top.length = Math.min(top.length, limit);
  return top.map((di) => ({ item: index.docs[di], score: 1 - Math.min(1, scores[di] / possible) })); // fuse-style: 0 = best
}

/**
 * Fuzzy search over ids, titles, signatures, pattern texts, status names and the Chinese texts. A query
 * that contains an entry's pattern text verbatim ranks that entry first (pasted error lines). A word
 * index (exact words, word prefixes, one typo per word) picks the candidates, so the cost does not grow
 * with the size of the knowledge base; fuse.js ranks the best few of them.
 */
export function lookupEntries(
  entries: readonly KnowledgeEntry[],
  query: string,
  options: LookupOptions = {},
): LookupMatch[] {
  const limit = Math.max(1, Math.min(options.limit ?? 20, 200));
  const q = query.trim().slice(0, 500);
  const toMatch = (e: KnowledgeEntry, score: number): LookupMatch => ({
    id: e.id,
    title: localized(e, 'title', options.locale ?? 'en'),
    status: e.status.name,
    family: e.family,
    lookalike: e.lookalike,
    score: Math.round(score * 1000) / 1000,
  });
  if (!q)
    return entries
      .filter((e) => !e.lookalike)
      .slice(0, limit)
      .map((e) => toMatch(e, 0));
  const exact = entries.filter(
    (e) => e.id === q || e.patterns.some((p) => p.literal && p.literal.length >= 6 && q.includes(p.literal)),
  );
  const index = indexFor(entries);
  let fuzzy: { item: Doc; score?: number }[] = rankByWords(index, q, limit + exact.length);
  if (fuzzy.length === 0 && index.docs.length <= FUSE_MAX_ENTRIES) {
    index.fuse ??= new (loadFuse())(index.docs, {
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.4,
      minMatchCharLength: 2,
      keys: FUSE_KEYS,
    });
    fuzzy = index.fuse.search(q.slice(0, FUSE_QUERY_CHARS), { limit: limit + exact.length });
  }
  const seen = new Set<string>();
  const out: LookupMatch[] = [];
  for (const e of exact.sort((a, b) => longestLiteralIn(b, q) - longestLiteralIn(a, q))) {
    seen.add(e.id);
    out.push(toMatch(e, 1));
  }
  for (const r of fuzzy) {
    if (seen.has(r.item.id)) continue;
    seen.add(r.item.id);
    out.push(toMatch(r.item.entry, 1 - (r.score ?? 1)));
  }
  return out.slice(0, limit);
}

function longestLiteralIn(e: KnowledgeEntry, q: string): number {
  return Math.max(0, ...e.patterns.filter((p) => p.literal && q.includes(p.literal)).map((p) => p.literal!.length));
}

/** fuse.js is only the fallback of a lookup: loaded on first use, not at server start. */
function loadFuse(): typeof Fuse {
  const m = require('fuse.js') as typeof Fuse | { default: typeof Fuse };
  return 'default' in m ? m.default : m;
}
