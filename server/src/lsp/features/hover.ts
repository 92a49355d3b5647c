import type { Hover } from 'vscode-languageserver';
import type { KnowledgeEntry } from '../../../../shared/knowledge';
import type { Finding } from '../../core/scan/matcher';
import { msg, type Locale } from '../../core/l10n';
import { renderHoverMarkdown } from '../../core/knowledge/render';

/** Command URI that opens an entry in the VS Code extension's entry view. */
export function openEntryLink(id: string): string {
  return `command:grpcDoctor.openEntry?${encodeURIComponent(JSON.stringify([{ id }]))}`;
}

/** Markdown for one finding: the short entry hover or, for a user pattern, its title and id. */
export function findingMarkdown(
  finding: Finding,
  entry: KnowledgeEntry | undefined,
  locale: Locale,
  commandLinks = false,
): string {
  if (entry)
    return renderHoverMarkdown(entry, locale, {
      finding,
      ...(commandLinks ? { explainLink: openEntryLink(entry.id) } : {}),
    });
  return [
    `### ${finding.title}`,
    '',
    `\`${finding.status.name}\` (${finding.status.code}) · ${msg(locale, 'Matched a pattern from the setting grpcDoctor.userPatterns.')}`,
    '',
    `${msg(locale, 'Entry')}: \`${finding.entryId}\``,
  ].join('\n');
}

/** Hover over the findings under the cursor (usually one); null when there are none. */
export function hoverForFindings(
  findings: readonly Finding[],
  byId: ReadonlyMap<string, KnowledgeEntry>,
  locale: Locale,
  commandLinks = false,
): Hover | null {
  if (!findings.length) return null;
  const first = findings[0];
  return {
    contents: {
      kind: 'markdown',
      value: findings.map((f) => findingMarkdown(f, byId.get(f.entryId), locale, commandLinks)).join('\n\n---\n\n'),
    },
    range: {
      start: { line: first.line, character: first.column },
      end: { line: first.endLine, character: first.endColumn },
    },
  };
}
