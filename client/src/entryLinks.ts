import * as vscode from 'vscode';

/** Command URI that opens an entry in the entry view (hover links, diagnostic codes). */
export function openEntryUri(id: string): vscode.Uri {
  return vscode.Uri.parse(`command:grpcDoctor.openEntry?${encodeURIComponent(JSON.stringify([{ id }]))}`);
}
