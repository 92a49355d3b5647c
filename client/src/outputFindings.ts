import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ScanTextRequest, type TextFinding } from '../../shared/protocol';
import { DIAGNOSTIC_SOURCE } from './status';

export const OUTPUT_SCHEME = 'grpc-doctor-output';
const MUTE_KEY = 'grpcDoctor.outputNotifications.muted';
const MAX_DOCUMENTS = 20;

/**
 * Findings in text that is not a file (terminal command output, debug console): each captured output
 * becomes a read-only virtual document (`grpc-doctor-output:`), its findings go to the Problems view
 * (clicking one opens that document at the line), and new findings raise one quiet notification.
 */
export class OutputFindings implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly notified = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('grpc-doctor-output');
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly state: vscode.Memento,
    private readonly open: (id: string) => Promise<void>,
  ) {
    this.disposables = [this.diagnostics, this.changed, vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, this)];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A stable virtual-document URI for an output source (terminal command, debug session). */
  uriFor(label: string): vscode.Uri {
    const safe = label.replace(/[\\/?#%:]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'output';
    return vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `/${safe}` });
  }

  /** Scans `text` (already ANSI-free) for `uri` and replaces its findings. Returns the findings. */
  async report(uri: vscode.Uri, label: string, text: string): Promise<TextFinding[]> {
    const client = this.client();
    if (!client || !client.isRunning()) return [];
    const { findings } = await client.sendRequest(ScanTextRequest.type, { text });
    const key = uri.toString();
    if (!findings.length) {
      if (!this.texts.has(key)) return findings;
    }
    this.remember(key, text);
    this.changed.fire(uri);
    this.diagnostics.set(uri, findings.map(toDiagnostic));
    const real = findings.filter((f) => !f.lookalike);
    if (real.length && !this.notified.has(key)) {
      this.notified.add(key);
      void this.notify(uri, label, real);
    }
    return findings;
  }

  private remember(key: string, text: string): void {
    this.texts.delete(key);
    this.texts.set(key, text);
    while (this.texts.size > MAX_DOCUMENTS) {
      const oldest = this.texts.keys().next().value as string;
      this.texts.delete(oldest);
      this.notified.delete(oldest);
      this.diagnostics.delete(vscode.Uri.parse(oldest));
    }
  }

  private async notify(uri: vscode.Uri, label: string, findings: TextFinding[]): Promise<void> {
    if (this.state.get<boolean>(MUTE_KEY)) return;
    const explain = vscode.l10n.t('Explain');
    const show = vscode.l10n.t('Show Output');
    const mute = vscode.l10n.t("Don't Show Again");
    const message = vscode.l10n.t('gRPC Doctor: {0} gRPC error(s) in {1}: {2}', findings.length, label, findings[0].title);
    const answer = await vscode.window.showInformationMessage(message, explain, show, mute);
    if (answer === explain) await this.open(findings[0].id);
    else if (answer === show) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const f = findings[0];
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(f.line, f.column, f.endLine, f.endColumn), preview: true });
    } else if (answer === mute) await this.state.update(MUTE_KEY, true);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(f: TextFinding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(f.line, f.column, f.endLine, f.endColumn), `${f.title} (${f.status.name})`,
    f.lookalike ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.href ? { value: f.id, target: vscode.Uri.parse(f.href) } : f.id;
  return d;
}
