import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';

export class StaleEditError extends Error {}

/**
 * Applies the edits a code action carries for `uri` to the document text, as an editor would: the edit is
 * refused when it was made for another version of the document.
 */
export function applyWorkspaceEdit(
  document: { uri: string; version: number; text: string; languageId: string },
  edit: WorkspaceEdit,
): string {
  let text = document.text;
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.uri !== document.uri) continue;
    if (change.textDocument.version !== null && change.textDocument.version !== document.version) {
      throw new StaleEditError(
        `edit for version ${change.textDocument.version} refused: the document is at version ${document.version}`,
      );
    }
    const doc = TextDocument.create(document.uri, document.languageId, document.version, text);
    text = TextDocument.applyEdits(
      doc,
      change.edits.filter((e): e is TextEdit => 'range' in e),
    );
  }
  return text;
}
