import type { KnowledgeEntry } from '../../../../shared/knowledge';
import { msg, type Locale } from '../../core/l10n';
import { lookupEntries } from '../../core/knowledge/lookup';
import { renderHoverMarkdown, visibleText } from '../../core/knowledge/render';

/**
 * Plain text for window/showMessage (any editor): the entry's title, then the hover's content; the full
 * text is one CLI call away (named at the end).
 */
export function explainMessage(entry: KnowledgeEntry, locale: Locale): string {
  const title = locale === 'zh-cn' ? entry.title_zh : entry.title;
  return `${title}\n\n${visibleText(renderHoverMarkdown(entry, locale))}`;
}

/** The best lookup matches as plain text lines: "id — title". */
export function searchMessage(entries: readonly KnowledgeEntry[], query: string, locale: Locale, limit = 5): string {
  const matches = lookupEntries(entries, query, { limit, locale });
  const head = msg(locale, 'gRPC Doctor knowledge base, "{0}":', query);
  if (!matches.length) return `${head} ${msg(locale, 'no match')}`;
  const explain = msg(locale, 'Full explanation: grpc-doctor explain <id>');
  return [head, ...matches.map((m) => `${m.id} — ${m.title}`), explain].join('\n');
}
