/**
 * The languages grpc-doctor knows: one row each. The client's document selector and activation events
 * (package.json, checked by test/client/manifest.test.ts), the server's severity choice (logs or source),
 * which quick fixes and which service-config lint apply, and the CLI's lint file filter are all derived
 * from this table. Adding a language = adding a row (and, for quick fixes, a provider in
 * server/src/core/fixes/languages/).
 */
import type { ImplementationId } from './implementations';

/** logs: the error happened here (louder default severity); source: code that handles it. */
export type DocumentKind = 'logs' | 'source';

/** The quick-fix providers (server/src/core/fixes/languages/*): one per language family. */
export type EditLanguage = 'python' | 'go' | 'typescript' | 'javascript' | 'java' | 'csharp' | 'cpp';

/** How service configs are linted: a whole JSON document, or string literals in source of this syntax. */
export type LintSyntax = 'json' | 'python' | 'go' | 'js';

export interface LanguageInfo {
  /** editor language id (VS Code's; other LSP editors send the same ids) */
  id: string;
  /** file extensions, lower case, without the dot (used when the editor sends no useful language id) */
  extensions: readonly string[];
  kind: DocumentKind;
  /** the VS Code client sends documents of this language to the server and activates on it */
  client: boolean;
  /** the quick-fix provider for this language */
  fixes?: EditLanguage;
  /** the service-config lint that applies */
  lint?: LintSyntax;
  /** the gRPC implementation a file of this language implies (lint verdicts, CLI lint output) */
  implementation?: ImplementationId;
}

const logs = (id: string, extensions: string[] = []): LanguageInfo => ({ id, extensions, kind: 'logs', client: true });
const source = (id: string, extensions: string[], more: Partial<LanguageInfo> = {}): LanguageInfo => ({
  id,
  extensions,
  kind: 'source',
  client: true,
  ...more,
});

export const LANGUAGES: readonly LanguageInfo[] = [
  logs('plaintext'),
  logs('log', ['log']),
  logs('Log'),
  source('python', ['py', 'pyi'], { fixes: 'python', lint: 'python', implementation: 'grpc-python' }),
  source('go', ['go'], { fixes: 'go', lint: 'go', implementation: 'grpc-go' }),
  source('java', ['java'], { fixes: 'java', implementation: 'grpc-java' }),
  source('kotlin', ['kt', 'kts'], { implementation: 'grpc-java' }),
  source('typescript', ['ts', 'mts', 'cts'], { fixes: 'typescript', lint: 'js', implementation: 'grpc-js' }),
  source('typescriptreact', ['tsx'], { fixes: 'typescript', lint: 'js', implementation: 'grpc-js' }),
  source('javascript', ['js', 'mjs', 'cjs'], { fixes: 'javascript', lint: 'js', implementation: 'grpc-js' }),
  source('javascriptreact', ['jsx'], { fixes: 'javascript', lint: 'js', implementation: 'grpc-js' }),
  source('csharp', ['cs'], { fixes: 'csharp', implementation: 'grpc-dotnet' }),
  source('cpp', ['cc', 'cpp', 'cxx', 'hpp', 'hh'], { fixes: 'cpp', implementation: 'grpc-core' }),
  source('c', ['c', 'h'], { fixes: 'cpp', implementation: 'grpc-core' }),
  source('objective-cpp', [], { fixes: 'cpp', client: false }),
  source('rust', ['rs'], { implementation: 'tonic' }),
  source('ruby', ['rb'], { implementation: 'grpc-core' }),
  source('php', ['php'], { implementation: 'grpc-core' }),
  source('proto', ['proto']),
  source('proto3', []),
  source('json', ['json'], { lint: 'json' }),
  source('jsonc', [], { lint: 'json' }),
  source('yaml', ['yaml', 'yml']),
  // Sent by other editors (Neovim): source code, so the quieter severity, but the VS Code client does not select them.
  source('scala', ['scala'], { client: false }),
  source('swift', ['swift'], { client: false }),
  source('dart', ['dart'], { client: false }),
  source('shellscript', ['sh'], { client: false }),
  source('dockerfile', [], { client: false }),
];

const BY_ID = new Map(LANGUAGES.map((l) => [l.id.toLowerCase(), l]));
const BY_EXTENSION = new Map(LANGUAGES.flatMap((l) => l.extensions.map((e) => [e, l] as const)));

/** The row of a language id (case-insensitive), if grpc-doctor knows it. */
export function languageById(languageId: string): LanguageInfo | undefined {
  return BY_ID.get(languageId.toLowerCase());
}

/** The row of a file name's or URI's extension (query and fragment ignored). */
export function languageByPath(pathOrUri: string): LanguageInfo | undefined {
  const ext = /\.([\w]+)$/.exec(pathOrUri.split(/[?#]/)[0])?.[1];
  return ext ? BY_EXTENSION.get(ext.toLowerCase()) : undefined;
}

/** The language ids the VS Code client scans (its document selector and activation events). */
export const CLIENT_LANGUAGE_IDS: readonly string[] = LANGUAGES.filter((l) => l.client).map((l) => l.id);

/**
 * Logs or source: by language id; for editors that send no useful id ("text", "plaintext", empty) by the
 * file's extension.
 */
export function documentKind(languageId: string, uri: string): DocumentKind {
  if (!languageId || languageId === 'text' || languageId === 'plaintext') return languageByPath(uri)?.kind ?? 'logs';
  return languageById(languageId)?.kind ?? 'logs';
}

/** The quick-fix provider of a document: by language id, else by file extension. */
export function editLanguageOf(languageId: string, uri: string): EditLanguage | undefined {
  return languageById(languageId)?.fixes ?? languageByPath(uri)?.fixes;
}

/** The service-config lint that applies to a language id, if any. */
export function lintSyntaxOf(languageId: string): LintSyntax | undefined {
  return BY_ID.get(languageId)?.lint;
}

/** The language id the CLI lints a file as (by extension), if any lint applies to it. */
export function lintLanguageOfPath(file: string): string | undefined {
  const lang = languageByPath(file);
  return lang?.lint ? lang.id : undefined;
}
