import { DiagnosticSeverity } from 'vscode-languageserver';
import type { LanguageSetting, SeverityName, Settings } from '../../../../shared/settings';
import { normalizeLocale, type Locale } from '../../core/i18n';

/** Where a document's text comes from: logs/plain text/output (the error happened) or source code (it is handled). */
export type DocumentContext = 'logs' | 'source';

const SOURCE_LANGUAGES = new Set([
  'python', 'go', 'java', 'kotlin', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'csharp', 'cpp', 'c',
  'rust', 'ruby', 'php', 'scala', 'swift', 'dart', 'yaml', 'json', 'jsonc', 'proto', 'proto3', 'shellscript', 'dockerfile',
]);
const SOURCE_EXTENSIONS = /\.(py|go|java|kt|kts|ts|tsx|js|jsx|mjs|cjs|cs|cc|cpp|cxx|h|hpp|c|rs|rb|php|scala|swift|dart|ya?ml|json|proto|sh)$/i;

/** Source languages get the quieter severity: code that handles an error is not an incident. */
export function documentContext(languageId: string, uri: string): DocumentContext {
  if (SOURCE_LANGUAGES.has(languageId.toLowerCase())) return 'source';
  // Editors that send no useful language id (e.g. "text" for everything) still have file extensions.
  if (!languageId || languageId === 'text' || languageId === 'plaintext') return SOURCE_EXTENSIONS.test(uri.split(/[?#]/)[0]) ? 'source' : 'logs';
  return 'logs';
}

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
