import * as vscode from 'vscode';
import type { CloseHandlerResult, ErrorHandlerResult, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_LANGUAGE_IDS } from '../../shared/languages';
import { RestartPolicy } from './restartPolicy';

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
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, hooks: ClientHooks): { client: LanguageClient; restarts: RestartPolicy } {
  // The language client library is almost all of the bundle: evaluated here, after activate() returned.
  const { CloseAction, ErrorAction, LanguageClient, TransportKind } = languageClientLibrary();
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const selector: LanguageClientOptions['documentSelector'] = [
    ...SCANNED_LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
    { scheme: 'output' },
  ];
  const restarts = new RestartPolicy();
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
    initializationOptions: { settings: vscode.workspace.getConfiguration('grpcDoctor') },
    synchronize: { configurationSection: 'grpcDoctor' },
    errorHandler: {
      error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
      closed: (): CloseHandlerResult => {
        const restarting = restarts.shouldRestart(Date.now());
        hooks.onCrash(restarting, restarts.recentCrashes);
        return restarting
          ? { action: CloseAction.Restart, handled: true }
          : { action: CloseAction.DoNotRestart, message: vscode.l10n.t('The gRPC Doctor server crashed 5 times in 3 minutes and will not be restarted. Run "gRPC Doctor: Restart Server" to try again.') };
      },
    },
    middleware: {
      didOpen: (doc, next) => (isOwnOutput(doc.uri) ? Promise.resolve() : next(doc)),
      didChange: (event, next) => (isOwnOutput(event.document.uri) ? Promise.resolve() : next(event)),
      didClose: (doc, next) => (isOwnOutput(doc.uri) ? Promise.resolve() : next(doc)),
      // Untrusted workspaces get the read-only features only: explanations yes, edits no.
      provideCodeActions: (doc, range, ctx, token, next) => (vscode.workspace.isTrusted ? next(doc, range, ctx, token) : []),
    },
  };
  return { client: new LanguageClient(CLIENT_ID, 'gRPC Doctor', serverOptions, clientOptions), restarts };
}

/** vscode-languageclient/node, evaluated on first use (the bundle only compiles it at load). */
export function languageClientLibrary(): typeof import('vscode-languageclient/node') {
  return require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
}
