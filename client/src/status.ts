import * as vscode from 'vscode';
import { t } from './i18n';

/** The `source` of every grpc-doctor diagnostic (server documents, terminal and debug output alike). */
export const DIAGNOSTIC_SOURCE = 'grpc-doctor';

export type ServerState = 'starting' | 'running' | 'restarting' | 'stopped';

/**
 * Status bar item: the number of gRPC findings in the Problems view and the server state; click opens
 * the Problems view. Quiet by design: no pop-ups, state lives here.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private state: ServerState = 'starting';
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('grpcDoctor.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = t('gRPC Doctor');
    this.item.command = 'grpcDoctor.showProblems';
    this.disposables.push(
      this.item,
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleCount()),
    );
    this.recount();
    this.item.show();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.render();
  }

  private scheduleCount(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.recount();
    }, 100);
  }

  private recount(): void {
    this.count = problemsCount(vscode.languages.getDiagnostics());
    this.render();
  }

  private render(): void {
    const icon = { starting: '$(sync~spin)', restarting: '$(sync~spin)', running: '$(pulse)', stopped: '$(error)' }[
      this.state
    ];
    this.item.text = `${icon} gRPC ${this.count}`;
    const stateText = {
      starting: t('Server starting'),
      restarting: t('Server restarting after a crash'),
      running: t('Server running'),
      stopped: t('Server stopped'),
    }[this.state];
    this.item.tooltip = `${t('gRPC Doctor')} — ${stateText}\n${t('{0} gRPC findings. Click to open the Problems view.', this.count)}`;
    this.item.backgroundColor =
      this.state === 'stopped' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * What the Problems view lists for grpc-doctor: every diagnostic with our source (documents, terminal and
 * debug output alike) except Hints, which Problems does not show.
 */
export function problemsCount(all: readonly [vscode.Uri, readonly vscode.Diagnostic[]][]): number {
  let n = 0;
  for (const [, diagnostics] of all) {
    for (const d of diagnostics)
      if (d.source === DIAGNOSTIC_SOURCE && d.severity !== vscode.DiagnosticSeverity.Hint) n++;
  }
  return n;
}

/** Opens the Problems view with its filter focused ("grpc-doctor" findings carry that source). */
export async function showProblems(): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
}
