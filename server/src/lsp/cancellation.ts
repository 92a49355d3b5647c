/**
 * Cancellation. A request the client cancelled before it was dispatched is answered without running it
 * when its empty answer is as good as any (code actions and hover, as vscode-eslint does): the light bulb
 * and the hover ask again for the current position. Handlers check their token after every await
 * (`throwIfCancelled`), so a cancelled request stops at the next step and is answered RequestCancelled.
 */
import {
  CodeActionRequest,
  HoverRequest,
  LSPErrorCodes,
  Message,
  ResponseError,
  type CancellationToken,
  type ConnectionOptions,
  type ConnectionStrategy,
  type ResponseMessage,
} from 'vscode-languageserver';
import { guardedConnectionOptions } from './protocolGuard';

/** Requests answered `null` when cancelled before they ran. */
export const CANCEL_UNDISPATCHED: ReadonlySet<string> = new Set([CodeActionRequest.method, HoverRequest.method]);

/** The default for every other request: the library's (a RequestCancelled error). */
export const cancelUndispatched: NonNullable<ConnectionStrategy['cancelUndispatched']> = (message, next) => {
  if (!Message.isRequest(message) || !CANCEL_UNDISPATCHED.has(message.method)) return next(message);
  const response: ResponseMessage = { jsonrpc: message.jsonrpc, id: message.id, result: null };
  return response;
};

/** The server's connection options: the protocol guard (issue 18) plus cancellation of undispatched requests. */
export function serverConnectionOptions(): ConnectionOptions {
  return { ...guardedConnectionOptions(), connectionStrategy: { cancelUndispatched } };
}

/** Thrown when the client cancelled the request; handler guards answer it with RequestCancelled. */
export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

export function isCancellation(err: unknown): boolean {
  return err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled;
}
