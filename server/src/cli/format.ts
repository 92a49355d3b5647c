import { languageById } from '../../../shared/languages';
import type { KnowledgeEntry } from '../../../shared/knowledge';
import { entryHref } from '../../../shared/knowledge';
import { inLocale, localized, type Locale } from '../core/l10n';
import { oneLineExplanation, renderEntryMarkdown } from '../core/knowledge/render';
import type { Finding } from '../core/scan/matcher';
import { ruleMeta } from '../core/lint/rules/index';
import type { LintFileFinding } from './lint';
import { pathToFileURL } from 'url';

export interface FileFinding {
  file: string;
  finding: Finding;
}

/**
 * A file name as printed on a terminal: control characters (escape sequences, a newline that would break
 * `file:line:col`) are shown as `\xNN`, never sent raw.
 */
export function displayName(file: string): string {
  return file.replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A SARIF artifact URI: relative paths percent-encoded per segment, absolute paths as file: URLs. */
export function sarifUri(file: string): string {
  const slashed = file.split('\\').join('/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) return pathToFileURL(file).href;
  return slashed
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
export interface CliError {
  file: string;
  message: string;
}

/** Lint findings reuse the finding shape: status = severity, family = service-config (docs/lint.md "CLI output"). */
const LINT_FAMILY = 'service-config';
const lintStatus = (l: LintFileFinding): string => l.problem.severity.toUpperCase();
const lintImplementation = (l: LintFileFinding): string => languageById(l.languageId)?.implementation ?? 'any';
const lintTitle = (code: string, locale: Locale): string => {
  const meta = ruleMeta(code);
  return meta ? inLocale(meta.title, locale) : code;
};
const lintMessage = (l: LintFileFinding, locale: Locale): string => localized(l.problem, 'message', locale);

/** One finding as JSON output carries it (1-based); also one line of `--format jsonl`. */
export function findingRecord(file: string, f: Finding, titleOf: (f: Finding) => string) {
  return {
    file,
    line: f.line + 1,
    column: f.column + 1,
    endLine: f.endLine + 1,
    endColumn: f.endColumn + 1,
    id: f.entryId,
    status: f.status.name,
    family: f.family,
    implementation: f.implementation,
    message: f.matched,
    title: titleOf(f),
  };
}

/** JSON: exactly {findings:[{file,line,column,endLine,endColumn,id,status,family,implementation,message,title}], errors:[{file,message}]}, 1-based. */
export function formatJson(
  findings: FileFinding[],
  errors: CliError[],
  titleOf: (f: Finding) => string,
  lint: LintFileFinding[] = [],
  locale: Locale = 'en',
): string {
  const lintFindings = lint.map((l) => ({
    file: l.file,
    line: l.problem.range.start.line + 1,
    column: l.problem.range.start.character + 1,
    endLine: l.problem.range.end.line + 1,
    endColumn: l.problem.range.end.character + 1,
    id: l.problem.code,
    status: lintStatus(l),
    family: LINT_FAMILY,
    implementation: lintImplementation(l),
    message: lintMessage(l, locale),
    title: lintTitle(l.problem.code, locale),
  }));
  return JSON.stringify(
    {
      findings: [...findings.map(({ file, finding }) => findingRecord(file, finding, titleOf)), ...lintFindings],
      errors,
    },
    null,
    2,
  );
}

const COLORS = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  red: '\x1b[31m',
};

/** Text: `file:line:col  STATUS  title` and a one-line explanation; colour only when asked. */
export function formatText(
  findings: FileFinding[],
  entries: Map<string, KnowledgeEntry>,
  locale: Locale,
  color: boolean,
  lint: LintFileFinding[] = [],
): string {
  const c = (code: keyof typeof COLORS, s: string): string => (color ? `${COLORS[code]}${s}${COLORS.reset}` : s);
  const lines: string[] = [];
  for (const { file, finding: f } of findings) {
    const entry = entries.get(f.entryId);
    const title = entry ? localized(entry, 'title', locale) : f.title;
    const status = f.status.code >= 0 ? `${f.status.name}` : 'LOG';
    lines.push(
      `${c('bold', `${displayName(file)}:${f.line + 1}:${f.column + 1}`)}  ${c('yellow', status)}  ${title}  ${c('dim', `[${f.entryId}]`)}`,
    );
    if (entry) lines.push(`    ${c('cyan', '→')} ${oneLineExplanation(entry, locale)}`);
  }
  for (const l of lint) {
    const p = l.problem;
    const tone = p.severity === 'error' ? 'red' : 'yellow';
    lines.push(
      `${c('bold', `${displayName(l.file)}:${p.range.start.line + 1}:${p.range.start.character + 1}`)}  ${c(tone, lintStatus(l))}  ${lintTitle(p.code, locale)}  ${c('dim', `[${p.code}]`)}`,
    );
    lines.push(`    ${c('cyan', '→')} ${lintMessage(l, locale)}`);
  }
  return lines.join('\n');
}

/** SARIF 2.1.0 with one rule per entry that produced a finding (help text from the entry). */
export function formatSarif(
  findings: FileFinding[],
  errors: CliError[],
  entries: Map<string, KnowledgeEntry>,
  locale: Locale,
  version: string,
  lint: LintFileFinding[] = [],
): string {
  const ruleIds = [...new Set([...findings.map((f) => f.finding.entryId), ...lint.map((l) => l.problem.code)])].sort();
  const rules = ruleIds.map((id) => {
    const e = entries.get(id);
    const rule: Record<string, unknown> = { id, name: id.replace(/[/-](\w)/g, (_m, ch: string) => ch.toUpperCase()) };
    if (e) {
      rule.shortDescription = { text: localized(e, 'title', locale) };
      rule.fullDescription = { text: oneLineExplanation(e, locale) };
      rule.help = { text: oneLineExplanation(e, locale), markdown: renderEntryMarkdown(e, locale, { compact: true }) };
      const href = entryHref(e);
      if (href) rule.helpUri = href;
      rule.properties = { family: e.family, status: e.status.name, lookalike: e.lookalike, verified: e.verified };
    } else if (ruleMeta(id)) {
      rule.shortDescription = { text: lintTitle(id, locale) };
      rule.properties = { family: LINT_FAMILY };
    }
    return rule;
  });
  const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
  const lintResults = lint.map((l) => ({
    ruleId: l.problem.code,
    ruleIndex: ruleIds.indexOf(l.problem.code),
    level: SARIF_LEVEL[l.problem.severity],
    message: { text: lintMessage(l, locale) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: sarifUri(l.file) },
          region: {
            startLine: l.problem.range.start.line + 1,
            startColumn: l.problem.range.start.character + 1,
            endLine: l.problem.range.end.line + 1,
            endColumn: l.problem.range.end.character + 1,
          },
        },
      },
    ],
    properties: { implementation: lintImplementation(l), family: LINT_FAMILY, verdicts: l.problem.verdicts },
  }));
  const results = findings.map(({ file, finding: f }) => ({
    ruleId: f.entryId,
    ruleIndex: ruleIds.indexOf(f.entryId),
    level: f.lookalike || f.level === 'context' ? 'note' : 'warning',
    message: { text: `${f.status.name}: ${f.matched}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: sarifUri(file) },
          region: {
            startLine: f.line + 1,
            startColumn: f.column + 1,
            endLine: f.endLine + 1,
            endColumn: f.endColumn + 1,
          },
        },
      },
    ],
    properties: { implementation: f.implementation, family: f.family, status: f.status.name },
  }));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'grpc-doctor', version, rules } },
          results: [...results, ...lintResults],
          invocations: [
            {
              executionSuccessful: errors.length === 0,
              toolExecutionNotifications: errors.map((e) => ({
                level: 'error',
                message: { text: `${e.file}: ${e.message}` },
              })),
            },
          ],
        },
      ],
    },
    null,
    2,
  );
}
