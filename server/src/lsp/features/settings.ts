import { DiagnosticSeverity } from 'vscode-languageserver';
import { documentKind, type DocumentKind } from '../../../../shared/languages';
import type { LanguageSetting, SeverityName, Settings } from '../../../../shared/settings';
import { normalizeLocale, type Locale } from '../../core/l10n';

/** Where a document's text comes from: logs/plain text/output (the error happened) or source code (it is handled). */
export type DocumentContext = DocumentKind;

/** Source languages get the quieter severity: code that handles an error is not an incident (shared/languages.ts). */
export const documentContext = documentKind;

const SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function lspSeverity(name: SeverityName): DiagnosticSeverity {
  return SEVERITY[name];
}

export function severityFor(settings: Settings, context: DocumentContext): DiagnosticSeverity {
  return lspSeverity(context === 'source' ? settings.severity.source : settings.severity.logs);
}

/** grpcDoctor.language wins unless "auto"; then the client's locale (initialize `locale`). */
export function resolveLocale(language: LanguageSetting, clientLocale: string | undefined): Locale {
  return language === 'auto' ? normalizeLocale(clientLocale) : language;
}
