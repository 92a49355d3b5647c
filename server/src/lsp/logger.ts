import type { Connection } from 'vscode-languageserver';

/** Logging to the client's output (window/logMessage); never stdout, which is the transport under --stdio. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export function connectionLogger(connection: Connection): Logger {
  const send = (fn: (m: string) => void, message: string): void => {
    try {
      fn(message);
    } catch {
      // the connection is gone (client exited); nothing left to tell
    }
  };
  return {
    info: (m) => send((x) => connection.console.info(x), m),
    warn: (m) => send((x) => connection.console.warn(x), m),
    error: (m, err) => send((x) => connection.console.error(x), err === undefined ? m : `${m}: ${describeError(err)}`),
  };
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  try {
    return String(err);
  } catch {
    return 'unprintable error';
  }
}
