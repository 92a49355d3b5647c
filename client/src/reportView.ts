import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportRequest } from '../../shared/protocol';
import { newNonce } from './html';

/**
 * "gRPC Doctor: Analyze Log": the incident report of the active log, or of the logs selected in the
 * Explorer (client and server logs together), computed by the server (grpcDoctor/report) and shown in a
 * webview. The page is the server's HTML with our nonce: no remote content, and its only script posts
 * {command:'reveal', file, line} when a line link is clicked; the line is then revealed in an editor.
 */
export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** the logs of the report shown: the page may only ask to reveal lines of these */
  private allowed = new Set<string>();

  constructor(private readonly client: () => LanguageClient) {}

  /** Command arguments: Explorer passes (clicked, selected[]); editor menus pass (uri); the palette nothing. */
  async analyze(clicked?: unknown, selected?: unknown): Promise<void> {
    const uris = targetUris(clicked, selected);
    if (!uris.length) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('gRPC Doctor: open a log file or select log files in the Explorer first.'),
      );
      return;
    }
    const nonce = newNonce();
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'grpcDoctor.report',
        vscode.l10n.t('gRPC incident report'),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        {
          enableScripts: true,
          enableCommandUris: false,
          localResourceRoots: [],
          retainContextWhenHidden: true,
        },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: unknown) => void reveal(m, this.allowed));
    }
    const panel = this.panel;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Analyzing log…') },
        () =>
          this.client().sendRequest(ReportRequest.type, {
            files: uris.map((u) => ({ uri: u.toString(), name: vscode.workspace.asRelativePath(u, uris.length > 1) })),
            nonce,
            cspSource: panel.webview.cspSource,
          }),
      );
      panel.title =
        uris.length === 1
          ? vscode.l10n.t('gRPC report: {0}', uris[0].path.split('/').pop() ?? '')
          : vscode.l10n.t('gRPC report: {0} files', uris.length);
      this.allowed = new Set(uris.map((u) => u.toString()));
      panel.webview.html = result.content;
      panel.reveal(undefined, false);
      for (const e of result.errors)
        void vscode.window.showWarningMessage(vscode.l10n.t('gRPC Doctor: could not read {0}: {1}', e.uri, e.message));
    } catch (err) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('gRPC Doctor: could not analyze the log: {0}', String(err instanceof Error ? err.message : err)),
      );
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function targetUris(clicked: unknown, selected: unknown): vscode.Uri[] {
  if (Array.isArray(selected) && selected.length && selected.every((u) => u instanceof vscode.Uri)) return selected;
  if (clicked instanceof vscode.Uri) return [clicked];
  const doc = vscode.window.activeTextEditor?.document;
  return doc ? [doc.uri] : [];
}

/** A message from the report page: reveal a line of one of the analyzed logs. */
async function reveal(message: unknown, allowed: ReadonlySet<string>): Promise<void> {
  const m = message as { command?: unknown; file?: unknown; line?: unknown };
  if (
    m?.command !== 'reveal' ||
    typeof m.file !== 'string' ||
    typeof m.line !== 'number' ||
    !Number.isInteger(m.line) ||
    m.line < 0
  )
    return;
  if (!allowed.has(m.file)) return;
  try {
    const uri = vscode.Uri.parse(m.file, true);
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = Math.min(m.line, Math.max(0, doc.lineCount - 1));
    const range = doc.lineAt(line).range;
    await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.One,
      selection: range,
      preserveFocus: false,
    });
  } catch (err) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'gRPC Doctor: could not open {0}: {1}',
        String(m.file),
        String(err instanceof Error ? err.message : err),
      ),
    );
  }
}
