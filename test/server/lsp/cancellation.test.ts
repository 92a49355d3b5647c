import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  CancellationTokenSource,
  LSPErrorCodes,
  ResponseError,
  StreamMessageReader,
  type Message,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { createConnection } from 'vscode-languageserver/node';
import { serverConnectionOptions, throwIfCancelled } from '../../../server/src/lsp/cancellation';
import { quietly } from '../../../server/src/lsp/handlers/guard';
import { registerProtocolGuard } from '../../../server/src/lsp/protocolGuard';
import { createServer } from '../../../server/src/lsp/server';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import { LookupRequest } from '../../../shared/protocol';

const frame = (m: object): string => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...m });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

test('code action and hover cancelled before dispatch are answered null; other requests RequestCancelled', async () => {
  const up = new PassThrough();
  const down = new PassThrough();
  const connection = createConnection(
    new StreamMessageReader(up),
    new StreamMessageWriter(down),
    serverConnectionOptions(),
  );
  registerProtocolGuard(connection);
  createServer(connection);
  connection.listen();
  const responses = new Map<number, ResponseMessage>();
  let notify = (): void => undefined;
  new StreamMessageReader(down).listen((m: Message) => {
    const r = m as ResponseMessage;
    if (typeof r.id === 'number') responses.set(r.id, r);
    notify();
  });
  const response = (id: number): Promise<ResponseMessage> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response ${id}`)), 10_000);
      const check = (): void => {
        const r = responses.get(id);
        if (r) {
          clearTimeout(timer);
          resolve(r);
        }
      };
      const previous = notify;
      notify = () => {
        previous();
        check();
      };
      check();
    });
  try {
    up.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await response(1);
    const uri = 'untitled:cancel.log';
    up.write(frame({ method: 'initialized', params: {} }));
    up.write(
      frame({
        method: 'textDocument/didOpen',
        params: {
          textDocument: {
            uri,
            languageId: 'log',
            version: 1,
            text: 'rpc error: code = Unavailable desc = transport is closing\n',
          },
        },
      }),
    );
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
    // one chunk: each request is queued before it is dispatched, and its cancellation arrives with it
    up.write(
      frame({
        id: 2,
        method: 'textDocument/codeAction',
        params: { textDocument: { uri }, range, context: { diagnostics: [] } },
      }) +
        frame({ method: '$/cancelRequest', params: { id: 2 } }) +
        frame({ id: 3, method: 'textDocument/hover', params: { textDocument: { uri }, position: range.start } }) +
        frame({ method: '$/cancelRequest', params: { id: 3 } }) +
        frame({ id: 4, method: LookupRequest.method, params: { query: 'transport is closing' } }) +
        frame({ method: '$/cancelRequest', params: { id: 4 } }),
    );
    const [codeAction, hover, lookup] = await Promise.all([response(2), response(3), response(4)]);
    assert.deepEqual([codeAction.result, codeAction.error], [null, undefined]);
    assert.deepEqual([hover.result, hover.error], [null, undefined]);
    assert.equal(lookup.error?.code, LSPErrorCodes.RequestCancelled);
    // not cancelled: answered normally
    up.write(
      frame({
        id: 5,
        method: 'textDocument/hover',
        params: { textDocument: { uri }, position: { line: 0, character: 30 } },
      }),
    );
    const answered = await response(5);
    assert.equal(answered.error, undefined);
  } finally {
    connection.dispose();
    up.destroy();
    down.destroy();
  }
});

test('a handler stops at the first check after its token was cancelled, and the guard passes that on', async () => {
  const source = new CancellationTokenSource();
  const log = {
    error: () => assert.fail('a cancellation is not an error'),
    warn: () => undefined,
    info: () => undefined,
  };
  const steps: string[] = [];
  const handler = quietly<number, string[]>(log, 'test', [], async (_params, token) => {
    steps.push('start');
    await Promise.resolve();
    throwIfCancelled(token);
    steps.push('after await');
    return steps;
  });
  const pending = handler(1, source.token);
  source.cancel();
  await assert.rejects(
    pending,
    (err: unknown) => err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled,
  );
  assert.deepEqual(steps, ['start']);
  assert.deepEqual(await handler(2, new CancellationTokenSource().token), ['start', 'start', 'after await']);
});
