import * as vscode from 'vscode';
import { initI18n, t } from './i18n';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, languageClientLibrary } from './client';
import { registerDebugTracker } from './debugTracker';
import { EntryView } from './entryView';
import { lookupCommand } from './lookupCommand';
import { OutputFindings } from './outputFindings';
import { ReportView } from './reportView';
import type { RestartPolicy } from './restartPolicy';
import { DIAGNOSTIC_SOURCE, showProblems, StatusItem } from './status';
import { registerShellExecutionReader, registerTerminalLinks, TerminalOutputs } from './terminal';

let client: LanguageClient | undefined;

/** Entry ids may arrive as a string or as `{id}` (code actions, command URIs). */
function idArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id = (arg as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activated = Date.now();
  initI18n(context.extensionPath);
  const output = vscode.window.createOutputChannel('gRPC Doctor', { log: true });
  const status = new StatusItem();
  context.subscriptions.push(output, status);
  // Start-up timeline in the log (the e2e reads it to report time to first diagnostic): activation →
  // library loaded → server answered initialize → first grpc-doctor diagnostic in VS Code.
  const since = (): string => `${Date.now() - activated} ms after activation`;
  const firstDiagnostic = vscode.languages.onDidChangeDiagnostics((e) => {
    if (!e.uris.some((u) => vscode.languages.getDiagnostics(u).some((d) => d.source === DIAGNOSTIC_SOURCE))) return;
    output.info(`timeline: first diagnostic ${since()}`);
    firstDiagnostic.dispose();
  });
  context.subscriptions.push(firstDiagnostic);
  // Activation itself stays light: loading the language client library (and everything after) runs in the
  // next turn of the event loop, so the extension host is free in between. activate() resolves as before,
  // once the server has started, and commands are registered before that (VS Code waits for it).
  await new Promise<void>((resolve) => setImmediate(resolve));
  const { State } = languageClientLibrary();
  output.info(`timeline: language client library loaded ${since()}`);
  let restarts: RestartPolicy;
  ({ client, restarts } = createLanguageClient(context, output, {
    onCrash: (restarting, crashes) => {
      output.warn(
        `server exited unexpectedly (${crashes} in the last 3 minutes); ${restarting ? 'restarting' : 'giving up'}`,
      );
      status.setState(restarting ? 'restarting' : 'stopped');
    },
  }));
  const lc = client;
  lc.onDidChangeState((e) =>
    status.setState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped'),
  );

  const entryView = new EntryView(() => lc);
  const openEntry = async (arg: unknown): Promise<void> => {
    const id = idArg(arg);
    if (!id) return;
    try {
      await entryView.show(id);
    } catch (err) {
      void vscode.window.showErrorMessage(
        t('gRPC Doctor: could not open {0}: {1}', id, String(err instanceof Error ? err.message : err)),
      );
    }
  };
  const reportView = new ReportView(() => lc);
  const findings = new OutputFindings(() => lc, context.globalState, openEntry);
  const terminalOutputs = new TerminalOutputs();

  context.subscriptions.push(
    entryView,
    findings,
    reportView,
    vscode.commands.registerCommand('grpcDoctor.analyzeLog', (clicked?: unknown, selected?: unknown) =>
      reportView.analyze(clicked, selected),
    ),
    vscode.commands.registerCommand('grpcDoctor.restartServer', async () => {
      restarts.reset();
      status.setState('starting');
      await lc.restart();
    }),
    vscode.commands.registerCommand('grpcDoctor.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('grpcDoctor.showProblems', showProblems),
    vscode.commands.registerCommand('grpcDoctor.lookup', (arg?: unknown) => {
      const query = typeof arg === 'string' ? arg : (arg as { query?: unknown } | undefined)?.query;
      return lookupCommand(lc, openEntry, typeof query === 'string' ? query : undefined);
    }),
    vscode.commands.registerCommand('grpcDoctor.openEntry', openEntry),
    vscode.commands.registerCommand('grpcDoctor.openSample', (kind?: unknown) =>
      openSample(context, kind === 'python' ? 'python' : 'log'),
    ),
    registerTerminalLinks(() => lc, terminalOutputs, openEntry),
    registerShellExecutionReader(findings, terminalOutputs),
    registerDebugTracker(findings),
  );

  try {
    await lc.start();
    output.info(`timeline: server started (initialize answered) ${since()}`);
  } catch (err) {
    status.setState('stopped');
    output.error(`the server did not start: ${String(err)}`);
  }
}

/** Opens a walkthrough sample as an untitled copy, so trying a quick fix never edits the installed extension. */
async function openSample(context: vscode.ExtensionContext, kind: 'log' | 'python'): Promise<void> {
  const file = kind === 'python' ? 'media/samples/orders_client.py' : 'media/samples/grpc-client.log';
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, file));
  const doc = await vscode.workspace.openTextDocument({
    language: kind === 'python' ? 'python' : 'log',
    content: new TextDecoder().decode(bytes),
  });
  await vscode.window.showTextDocument(doc);
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
