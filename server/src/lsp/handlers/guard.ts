import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { isCancellation } from '../cancellation';
import type { Logger } from '../logger';

/**
 * Wraps an editor-driven handler (hover, code actions): a failure is logged and answered with the empty
 * result, so nothing stale stays and the server keeps running.
 */
export function quietly<P, R>(
  log: Logger,
  name: string,
  empty: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
) {
  return async (params: P, token: CancellationToken): Promise<R> => {
    try {
      return await handler(params, token);
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.error(`${name} failed`, err);
      return empty;
    }
  };
}

/** Wraps a user-invoked request (lookup, entry): the user sees why it failed as a ResponseError. */
export function visibly<P, R>(
  log: Logger,
  name: string,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
) {
  return async (params: P, token: CancellationToken): Promise<R> => {
    try {
      return await handler(params, token);
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      log.error(`${name} failed`, err);
      throw new ResponseError(LSPErrorCodes.RequestFailed, `${name} failed: ${(err as Error)?.message ?? String(err)}`);
    }
  };
}
