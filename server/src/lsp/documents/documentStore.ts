import type { Connection } from 'vscode-languageserver';
import type { Logger } from '../logger';
import { DocumentFindings } from './documentFindings';

export type DocumentListener = (doc: DocumentFindings) => void;
export type CloseListener = (uri: string) => void;

/**
 * The open documents (incremental sync). Owns the didOpen/didChange/didClose handlers, since a connection
 * has one handler per notification, and tells every feature about them.
 */
export class DocumentStore {
  private readonly docs = new Map<string, DocumentFindings>();
  private readonly opened: DocumentListener[] = [];
  private readonly changed: DocumentListener[] = [];
  private readonly closed: CloseListener[] = [];

  constructor(private readonly log: Logger) {}

  listen(connection: Connection): void {
    connection.onDidOpenTextDocument(({ textDocument: td }) => {
      this.guard('didOpen', () => {
        const doc = new DocumentFindings(td.uri, td.languageId, td.version, td.text);
        this.docs.set(td.uri, doc);
        for (const l of this.opened) this.guard('didOpen listener', () => l(doc));
      });
    });
    connection.onDidChangeTextDocument(({ textDocument: td, contentChanges }) => {
      this.guard('didChange', () => {
        const doc = this.docs.get(td.uri);
        if (!doc) return;
        try {
          doc.update(contentChanges, td.version ?? doc.version + 1);
        } catch (err) {
          doc.markAllDirty(); // never keep findings that may no longer fit the text
          throw err;
        }
        for (const l of this.changed) this.guard('didChange listener', () => l(doc));
      });
    });
    connection.onDidCloseTextDocument(({ textDocument: td }) => {
      this.guard('didClose', () => {
        this.docs.delete(td.uri);
        for (const l of this.closed) this.guard('didClose listener', () => l(td.uri));
      });
    });
  }

  get(uri: string): DocumentFindings | undefined {
    return this.docs.get(uri);
  }

  all(): DocumentFindings[] {
    return [...this.docs.values()];
  }

  onDidOpen(listener: DocumentListener): void {
    this.opened.push(listener);
  }
  onDidChange(listener: DocumentListener): void {
    this.changed.push(listener);
  }
  onDidClose(listener: CloseListener): void {
    this.closed.push(listener);
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error(`${what} failed`, err);
    }
  }
}
