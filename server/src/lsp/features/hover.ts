import type { Hover } from 'vscode-languageserver';
import type { KnowledgeEntry } from '../../../../shared/knowledge';
import type { Finding } from '../../core/scan/matcher';
import { msg, type Locale } from '../../core/l10n';
import { renderEntryMarkdown } from '../../core/knowledge/render';

/** Markdown for one finding: the entry (compact) or, for a user pattern, its title and id. */
export function findingMarkdown(finding: Finding, entry: KnowledgeEntry | undefined, locale: Locale): string {
  if (entry) return renderEntryMarkdown(entry, locale, { finding, compact: true });
  return [`### ${finding.title}`, '', `\`${finding.status.name}\` (${finding.status.code}) · ${msg(locale, 'Matched a pattern from the setting grpcDoctor.userPatterns.')}`, '', `${msg(locale, 'Entry')}: \`${finding.entryId}\``].join('\n');
}

/** Hover over the findings under the cursor (usually one); null when there are none. */
export function hoverForFindings(findings: readonly Finding[], byId: ReadonlyMap<string, KnowledgeEntry>, locale: Locale): Hover | null {
  if (!findings.length) return null;
  const first = findings[0];
  return {
    contents: { kind: 'markdown', value: findings.map((f) => findingMarkdown(f, byId.get(f.entryId), locale)).join('\n\n---\n\n') },
    range: { start: { line: first.line, character: first.column }, end: { line: first.endLine, character: first.endColumn } },
  };
}
