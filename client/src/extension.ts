import * as vscode from 'vscode';

/** Minimal activation; the language client is wired in by the client issue. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('grpcDoctor.showOutput', () => undefined),
  );
}

export function deactivate(): void {
  // nothing to stop yet
}
