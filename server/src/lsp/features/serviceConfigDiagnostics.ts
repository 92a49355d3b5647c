import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver';
import { lintSyntaxOf } from '../../../../shared/languages';
import { SERVICE_CONFIG_MARKERS } from '../../core/lint/markers';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { rangesOverlap } from './ranges';
import { lspSeverity } from './settings';
import type { ProjectFacts } from '../../project/workspace';
import { localized, type Locale } from '../../core/l10n';
import type { LintProblem, ProtoIndex } from '../../core/lint/index';

/** The lint (and jsonc-parser) is loaded when the first JSON or source document needs it, not at start-up. */
const lintModule = (): typeof import('../../core/lint/index') => require('../../core/lint/index');

/** The service-config format reference (where every lint rule's key and value rules come from). */
export const SERVICE_CONFIG_DOC = 'https://github.com/grpc/grpc/blob/master/doc/service_config.md';

/** `data` of a lint diagnostic: the rule code (quick fixes are recomputed on the current text). */
export interface LintDiagnosticData {
  lint: string;
}

export interface LintDocument {
  uri: string;
  version: number;
  text: string;
  languageId: string;
}

/** Whether documents of this language are ever linted (decided before reading their text). */
export function mayHaveServiceConfigLanguage(languageId: string): boolean {
  return lintSyntaxOf(languageId) !== undefined;
}

/** Cheap gate: only service-config JSON files and source files that pass a service config are linted. */
export function mayHaveServiceConfig(text: string, languageId: string): boolean {
  const syntax = lintSyntaxOf(languageId);
  if (syntax === 'json') return lintModule().looksLikeServiceConfig(text);
  return syntax !== undefined && SERVICE_CONFIG_MARKERS.some((m) => text.includes(m));
}

/** The project's .proto names, asked for only once a document passed the gate (reading protos costs I/O). */
export type ProtoIndexSource = () => ProtoIndex | undefined;

/** The lint's view of a project's already-loaded .proto services (shared with the quick fixes). */
export function projectProtoIndex(facts: Pick<ProjectFacts, 'protoServices' | 'protoProblems'>): ProtoIndex {
  const { protoIndexFromServices } =
    require('../../core/lint/protoNames') as typeof import('../../core/lint/protoNames');
  return protoIndexFromServices({ services: facts.protoServices, problems: facts.protoProblems });
}

function lint(doc: LintDocument, protoIndex: ProtoIndexSource): LintProblem[] {
  if (!mayHaveServiceConfigLanguage(doc.languageId) || !mayHaveServiceConfig(doc.text, doc.languageId)) return [];
  // JSONC documents are linted as JSON: gRPC itself rejects comments in a service config.
  const languageId = doc.languageId === 'jsonc' ? 'json' : doc.languageId;
  return lintModule().lintServiceConfigDocument(doc.text, languageId, { protoIndex: protoIndex() });
}

/** Lint problems as diagnostics: `code` = rule code (docs/lint.md), linked to the service-config reference. */
export function serviceConfigDiagnostics(
  doc: LintDocument,
  protoIndex: ProtoIndexSource,
  locale: Locale,
): Diagnostic[] {
  return lint(doc, protoIndex).map((p) => toDiagnostic(p, locale));
}

function toDiagnostic(p: LintProblem, locale: Locale): Diagnostic {
  return {
    range: p.range,
    severity: lspSeverity(p.severity),
    source: DIAGNOSTIC_SOURCE,
    code: p.code,
    codeDescription: { href: SERVICE_CONFIG_DOC },
    message: localized(p, 'message', locale),
    data: { lint: p.code } satisfies LintDiagnosticData,
  };
}

/**
 * Quick fixes (rename key, fix case, add `s`, clamp …) for the lint problems in `range`, computed on the
 * document as it is now and bound to its version, so a fix never lands on text it was not made for.
 */
export function serviceConfigCodeActions(
  doc: LintDocument,
  range: Range,
  protoIndex: ProtoIndexSource,
  locale: Locale,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const p of lint(doc, protoIndex)) {
    if (!rangesOverlap(p.range, range)) continue;
    const diagnostic = toDiagnostic(p, locale);
    p.fixes.forEach((fix, i) =>
      actions.push({
        title: localized(fix, 'title', locale),
        kind: CodeActionKind.QuickFix,
        isPreferred: i === 0 && p.fixes.length === 1,
        diagnostics: [diagnostic],
        edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: fix.edits }] },
      }),
    );
  }
  return actions;
}
