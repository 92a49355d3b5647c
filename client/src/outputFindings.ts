import * as vscode from 'vscode';
import { t } from './i18n';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ScanTextRequest, type TextFinding } from '../../shared/protocol';
import { DIAGNOSTIC_SOURCE } from './status';
import { openEntryUri } from './entryLinks';
import { lineKey, withoutShown } from './outputText';

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
    this.disposables = [
      this.diagnostics,
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, this),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A stable virtual-document URI for an output source (terminal command, debug session). */
  uriFor(label: string): vscode.Uri {
    const safe =
      label
        .replace(/[\\/?#%:]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 80) || 'output';
    return vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `/${safe}` });
  }

  /** Scans `text` (already ANSI-free) for `uri` and replaces its findings. Returns the findings. */
  async report(uri: vscode.Uri, label: string, text: string): Promise<TextFinding[]> {
    const client = this.client();
    if (!client || !client.isRunning()) return [];
    const scanned = (await client.sendRequest(ScanTextRequest.type, { text })).findings;
    // what an open document already lists in Problems is not repeated under the output's own group
    const findings = withoutShown(scanned, text.split('\n'), shownLines());
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
    const explain = t('Explain');
    const show = t('Show Output');
    const mute = t("Don't Show Again");
    // plain text (notifications render no Markdown), singular and plural as separate strings for l10n
    const message =
      findings.length === 1
        ? t('gRPC Doctor: 1 gRPC error in {0}: {1}', label, findings[0].title)
        : t('gRPC Doctor: {0} gRPC errors in {1}: {2}', findings.length, label, findings[0].title);
    const answer = await vscode.window.showInformationMessage(message, explain, show, mute);
    if (answer === explain) await this.open(findings[0].id);
    else if (answer === show) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const f = findings[0];
      await vscode.window.showTextDocument(doc, {
        selection: new vscode.Range(f.line, f.column, f.endLine, f.endColumn),
        preview: true,
      });
    } else if (answer === mute) await this.state.update(MUTE_KEY, true);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Lines of open documents that carry a grpc-doctor problem (as lineKey). */
function shownLines(): Set<string> {
  const docs = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const shown = new Set<string>();
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (uri.scheme === OUTPUT_SCHEME) continue;
    const doc = docs.get(uri.toString());
    if (!doc) continue;
    for (const d of diagnostics) {
      if (d.source === DIAGNOSTIC_SOURCE && d.range.start.line < doc.lineCount)
        shown.add(lineKey(doc.lineAt(d.range.start.line).text));
    }
  }
  return shown;
}

function toDiagnostic(f: TextFinding): vscode.Diagnostic {
  // the server's message, so terminal and document problems read the same
  const d = new vscode.Diagnostic(
    new vscode.Range(f.line, f.column, f.endLine, f.endColumn),
    f.message ?? f.title,
    f.lookalike ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning,
  );
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.id, target: openEntryUri(f.id) };
  return d;
}
