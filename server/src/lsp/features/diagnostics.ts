import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { entryHref, type KnowledgeEntry } from '../../../../shared/knowledge';
import type { DiagnosticData } from '../../../../shared/protocol';
import type { Finding } from '../../core/scan/matcher';
import { localized, type Locale } from '../../core/l10n';

export const DIAGNOSTIC_SOURCE = 'grpc-doctor';

export interface DiagnosticOptions {
  locale: Locale;
  severity: DiagnosticSeverity;
  /** severity of findings on a library's INFO/DEBUG lines (logs only; absent: `severity` for all) */
  contextSeverity?: DiagnosticSeverity;
  maxProblems: number;
}

/**
 * "UNAVAILABLE: Title": the short meaning first (the status as printed), then what happened. The Problems
 * view cuts long messages at its width: only the end of the title is lost, never the status. The one
 * format for document diagnostics, terminal and debug output (scanText returns it as `message`).
 */
export function diagnosticMessage(
  finding: Pick<Finding, 'status' | 'title'>,
  entry: KnowledgeEntry | undefined,
  locale: Locale,
): string {
  const title = entry ? localized(entry, 'title', locale) : finding.title;
  if (finding.status.name === 'NONE' || finding.status.code < 0) return title;
  return `${finding.status.name}${locale === 'zh-cn' ? '：' : ': '}${title}`;
}

/**
 * One diagnostic per finding: `code` = entry id, `codeDescription` = the entry's documentation, `data` =
 * what a quick fix needs (no rescan). User-pattern findings have no entry and so no link.
 */
export function findingToDiagnostic(
  finding: Finding,
  entry: KnowledgeEntry | undefined,
  options: Omit<DiagnosticOptions, 'maxProblems'>,
): Diagnostic {
  const data: DiagnosticData = {
    id: finding.entryId,
    status: finding.status,
    family: finding.family,
    implementation: finding.implementation,
  };
  const href = entry ? entryHref(entry) : undefined;
  return {
    range: {
      start: { line: finding.line, character: finding.column },
      end: { line: finding.endLine, character: finding.endColumn },
    },
    severity:
      finding.level === 'context' && options.contextSeverity !== undefined ? options.contextSeverity : options.severity,
    source: DIAGNOSTIC_SOURCE,
    code: finding.entryId,
    ...(href ? { codeDescription: { href } } : {}),
    message: diagnosticMessage(finding, entry, options.locale),
    data,
  };
}

/** Diagnostics for a document's findings, in document order, at most maxProblems. */
export function findingsToDiagnostics(
  findings: readonly Finding[],
  byId: ReadonlyMap<string, KnowledgeEntry>,
  options: DiagnosticOptions,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (let i = 0; i < findings.length && i < options.maxProblems; i++)
    out.push(findingToDiagnostic(findings[i], byId.get(findings[i].entryId), options));
  return out;
}
