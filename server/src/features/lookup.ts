import Fuse from 'fuse.js';
import type { Family, KnowledgeEntry, StatusName } from '../../../shared/knowledge';
import type { Locale } from './i18n';

export interface LookupMatch {
  id: string;
  title: string;
  status: StatusName;
  family: Family;
  lookalike: boolean;
  /** 0 (worst) … 1 (exact) */
  score: number;
}

export interface LookupOptions { limit?: number; locale?: Locale }

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
}

const indexes = new WeakMap<readonly KnowledgeEntry[], Fuse<Doc>>();

/** The fuse.js index is built on first lookup only (nothing heavy at start-up) and reused. */
function indexFor(entries: readonly KnowledgeEntry[]): Fuse<Doc> {
  let fuse = indexes.get(entries);
  if (!fuse) {
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
    fuse = new Fuse(docs, {
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.4,
      minMatchCharLength: 2,
      keys: [
        { name: 'patterns', weight: 3 },
        { name: 'signature', weight: 2 },
        { name: 'title', weight: 2 },
        { name: 'id', weight: 1.5 },
        { name: 'title_zh', weight: 2 },
        { name: 'signature_zh', weight: 1 },
        { name: 'status', weight: 1 },
        { name: 'family', weight: 0.5 },
        { name: 'root_cause_zh', weight: 0.5 },
      ],
    });
    indexes.set(entries, fuse);
  }
  return fuse;
}

/**
 * Fuzzy search over ids, titles, signatures, pattern texts, status names and the Chinese texts. A query
 * that contains an entry's pattern text verbatim ranks that entry first (pasted error lines).
 */
export function lookupEntries(entries: readonly KnowledgeEntry[], query: string, options: LookupOptions = {}): LookupMatch[] {
  const limit = Math.max(1, Math.min(options.limit ?? 20, 200));
  const q = query.trim().slice(0, 500);
  const toMatch = (e: KnowledgeEntry, score: number): LookupMatch => ({
    id: e.id,
    title: options.locale === 'zh-cn' ? e.title_zh : e.title,
    status: e.status.name,
    family: e.family,
    lookalike: e.lookalike,
    score: Math.round(score * 1000) / 1000,
  });
  if (!q) return entries.filter((e) => !e.lookalike).slice(0, limit).map((e) => toMatch(e, 0));
  const exact = entries.filter((e) => e.id === q || e.patterns.some((p) => p.literal && p.literal.length >= 6 && q.includes(p.literal)));
  const fuzzy = indexFor(entries).search(q, { limit: limit + exact.length });
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
