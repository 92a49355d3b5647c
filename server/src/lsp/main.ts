/**
 * Process entry of the language server: `node server/out/server.js --stdio` (any editor) or started by
 * the VS Code client over ipc. The transport is chosen from the command line by vscode-languageserver;
 * under --stdio the reader is made here so a framing error can end the process (protocolGuard.ts).
 */
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { describeError } from './logger';
import { createServer } from './server';
import { serverConnectionOptions } from './cancellation';
import { exitOnFramingError, registerProtocolGuard } from './protocolGuard';

const stdio = process.argv.includes('--stdio');
const reader = stdio ? new StreamMessageReader(process.stdin) : undefined;
const connection = reader
  ? createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout), serverConnectionOptions())
  : createConnection(ProposedFeatures.all, serverConnectionOptions());
if (reader) {
  exitOnFramingError(reader, (message) => process.stderr.write(`grpc-doctor: ${message}\n`));
  // the stream ending (the client went away) ends the server, as the built-in stdio transport does
  process.stdin.on('end', () => process.exit(0));
}

// Under --stdio, stdout carries the LSP frames: anything printed must go to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
console.debug = console.log;

process.on('uncaughtException', (err) => {
  try {
    connection.console.error(`uncaught exception: ${describeError(err)}`);
  } catch {
    // nowhere left to report
  }
});
process.on('unhandledRejection', (reason) => {
  try {
    connection.console.error(`unhandled rejection: ${describeError(reason)}`);
  } catch {
    // nowhere left to report
  }
});
// A client that goes away mid-write must not kill the process with EPIPE before it sees `exit`.
process.on('SIGPIPE', () => undefined);

registerProtocolGuard(connection);
createServer(connection);
connection.listen();
