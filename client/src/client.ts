import * as vscode from 'vscode';
import { t } from './i18n';
import type {
  CloseHandlerResult,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { CLIENT_LANGUAGE_IDS } from '../../shared/languages';
import { RestartPolicy } from './restartPolicy';
import { DIAGNOSTIC_SOURCE } from './status';
import { openEntryUri } from './entryLinks';

/** The client id equals the settings prefix, so `grpcDoctor.trace.server` works without code. */
export const CLIENT_ID = 'grpcDoctor';

/** Languages whose documents the server scans: the registry's client languages (shared/languages.ts). */
export const SCANNED_LANGUAGES = CLIENT_LANGUAGE_IDS;

/** Output channels of this extension are never scanned: with tracing on, that would feed on itself. */
function isOwnOutput(uri: vscode.Uri): boolean {
  return uri.scheme === 'output' && /grpc[-.]?doctor/i.test(decodeURIComponent(uri.toString()));
}

export interface ClientHooks {
  /** called on every crash with whether the server is restarted */
  onCrash(restarting: boolean, crashes: number): void;
}

/** Creates (does not start) the language client for the bundled server, with crash restarts and trust-aware middleware. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  hooks: ClientHooks,
): { client: LanguageClient; restarts: RestartPolicy } {
  // The language client library is almost all of the bundle: evaluated here, after activate() returned.
  const { CloseAction, ErrorAction, LanguageClient, TransportKind } = languageClientLibrary();
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const selector: LanguageClientOptions['documentSelector'] = [
    ...SCANNED_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    { scheme: 'output' },
  ];
  const restarts = new RestartPolicy();
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
    // clientCommands: this extension runs grpcDoctor.openEntry / grpcDoctor.lookup itself (entry view, picker)
    initializationOptions: { settings: vscode.workspace.getConfiguration('grpcDoctor'), clientCommands: true },
    // the hover's "Full explanation" link is a command URI: trusted for our entry view only
    markdown: { isTrusted: { enabledCommands: ['grpcDoctor.openEntry'] } },
    synchronize: { configurationSection: 'grpcDoctor' },
    errorHandler: {
      error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
      closed: (): CloseHandlerResult => {
        const restarting = restarts.shouldRestart(Date.now());
        hooks.onCrash(restarting, restarts.recentCrashes);
        return restarting
          ? { action: CloseAction.Restart, handled: true }
          : {
              action: CloseAction.DoNotRestart,
              message: t(
                'The gRPC Doctor server crashed 5 times in 3 minutes and will not be restarted. Run "gRPC Doctor: Restart Server" to try again.',
              ),
            };
      },
    },
    middleware: {
      // The diagnostic code opens the explanation (the entry view); the source link lives inside the entry.
      handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(linkCodeToEntry)),
      didOpen: (doc, next) => (isOwnOutput(doc.uri) ? Promise.resolve() : next(doc)),
      didChange: (event, next) => (isOwnOutput(event.document.uri) ? Promise.resolve() : next(event)),
      didClose: (doc, next) => (isOwnOutput(doc.uri) ? Promise.resolve() : next(doc)),
      // Untrusted workspaces get the read-only features only: explanations yes, edits no.
      provideCodeActions: (doc, range, ctx, token, next) =>
        vscode.workspace.isTrusted ? next(doc, range, ctx, token) : [],
    },
  };
  return { client: new LanguageClient(CLIENT_ID, 'gRPC Doctor', serverOptions, clientOptions), restarts };
}

/** A grpc-doctor diagnostic's code links to its entry view instead of the implementation's source file. */
function linkCodeToEntry(d: vscode.Diagnostic): vscode.Diagnostic {
  if (d.source !== DIAGNOSTIC_SOURCE) return d;
  const id = typeof d.code === 'object' ? d.code.value : d.code;
  if (typeof id === 'string' && id) d.code = { value: id, target: openEntryUri(id) };
  return d;
}

/** vscode-languageclient/node, evaluated on first use (the bundle only compiles it at load). */
export function languageClientLibrary(): typeof import('vscode-languageclient/node') {
  return require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
}
