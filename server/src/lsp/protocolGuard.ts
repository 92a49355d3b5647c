/**
 * Protocol hygiene (issue 18): requests before `initialize` are answered with -32002 (ServerNotInitialized)
 * and notifications before it are dropped, as the LSP specification asks; a framing error on the stream
 * (a bad Content-Length header) cannot be recovered from, so the process exits and the client restarts it.
 */
import {
  ErrorCodes,
  Message,
  ResponseError,
  type Connection,
  type ConnectionOptions,
  type MessageReader,
  type RequestMessage,
} from 'vscode-languageserver';

/** The method a request is renamed to when it arrives before `initialize` (its id is kept, so the error answers it). */
const NOT_INITIALIZED = 'grpcDoctor/$notInitialized';

/** Connection options that hold back everything before `initialize`; pair with registerProtocolGuard. */
export function guardedConnectionOptions(): ConnectionOptions {
  let initialized = false;
  return {
    messageStrategy: {
      handleMessage(message, next) {
        if (initialized) return next(message);
        if (Message.isRequest(message)) {
          if (message.method === 'initialize') {
            initialized = true;
            return next(message);
          }
          // tsc needs the assertion (the spread loses the narrowing); typescript-eslint's checker does not see that
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
          return next({ ...message, method: NOT_INITIALIZED } as RequestMessage);
        }
        if (Message.isNotification(message) && message.method !== 'exit') return; // dropped before initialize
        return next(message);
      },
    },
  };
}

/** Answers the requests held back by guardedConnectionOptions. */
export function registerProtocolGuard(connection: Connection): void {
  connection.onRequest(
    NOT_INITIALIZED,
    () => new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized: send initialize first'),
  );
}

/** Header errors leave the reader's buffer unusable (every later message would be lost). */
export function isFramingError(error: Error): boolean {
  return /Content-Length|header/i.test(error.message);
}

/** Exits on a framing error of `reader` (after logging it), so the client starts a fresh server. */
export function exitOnFramingError(
  reader: MessageReader,
  log: (message: string) => void,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  reader.onError((error) => {
    if (!isFramingError(error)) return;
    try {
      log(
        `unrecoverable framing error on the input stream (${error.message.split('\n')[0]}); exiting so the client restarts the server`,
      );
    } finally {
      exit(1);
    }
  });
}
