import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { ReportRequest } from '../../../shared/protocol';
import { defaultKnowledge } from '../../../server/src/project/knowledgeFiles';
import { fixture } from '../../helpers/knowledge';
import { startInProcess } from '../../helpers/lspHarness';

const knowledge = defaultKnowledge();
const GO_EOF = 'rpc error: code = Unavailable desc = error reading from server: EOF';

test('grpcDoctor/report: an open document (its unsaved text) and a file on disk, one report with the cause', async () => {
  const h = startInProcess({ knowledge });
  try {
    await h.initialize({ settings: { debounceMs: 5 } });
    const client = 'untitled:client.log';
    await h.open(client, `2026-11-28T15:33:39.760Z ERROR stream: ${GO_EOF}\n`);
    const server = pathToFileURL(fixture('captured/grpc-java-1.85.1/graceful-stop.server.log')).href;
    const res = await h.connection.sendRequest(ReportRequest.type, {
      files: [
        { uri: client, name: 'client.log' },
        { uri: server, name: 'logs/graceful-stop.server.log' },
      ],
      nonce: 'n0nce1234567',
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    });
    assert.deepEqual(res.errors, []);
    // the client's error, and the server log's `Bidi cancelled …: Status{code=CANCELLED, description=client cancelled, …}`
    assert.equal(res.incidents, 2);
    assert.match(res.content, /<script nonce="n0nce1234567">/);
    assert.match(res.content, /script-src 'nonce-n0nce1234567'/);
    assert.match(
      res.content,
      /server forced stop at 15:33:39\.741 in <a class="loc mono" href="#" data-file="file:[^"]+graceful-stop\.server\.log" data-line="7">logs\/graceful-stop\.server\.log:8<\/a>/,
    );
    const md = await h.connection.sendRequest(ReportRequest.type, {
      files: [{ uri: client }],
      format: 'markdown',
      locale: 'zh-cn',
    });
    assert.match(md.content, /^## gRPC 事故报告/);
    const json = JSON.parse(
      (await h.connection.sendRequest(ReportRequest.type, { files: [{ uri: client }], format: 'json' })).content,
    );
    assert.equal(json.incidents[0].at.file, client);
  } finally {
    await h.stop();
  }
});

test('grpcDoctor/report: unreadable files are reported per file; bad params are InvalidParams; the server lives on', async () => {
  const h = startInProcess({ knowledge });
  try {
    await h.initialize({ settings: { debounceMs: 5 } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-lsp-report-'));
    const missing = pathToFileURL(path.join(dir, 'gone.log')).href;
    const res = await h.connection.sendRequest(ReportRequest.type, {
      files: [{ uri: missing }, { uri: pathToFileURL(dir).href }],
    });
    assert.equal(res.errors.length, 2);
    assert.equal(res.incidents, 0);
    for (const bad of [{}, { files: [] }, { files: [{ uri: 3 }] }, { files: [{ uri: missing }], format: 'pdf' }]) {
      await assert.rejects(
        h.connection.sendRequest(ReportRequest.type, bad as never),
        (err: unknown) => err instanceof ResponseError && err.code === ErrorCodes.InvalidParams,
      );
    }
    const again = await h.connection.sendRequest(ReportRequest.type, { files: [{ uri: missing }] });
    assert.equal(again.errors.length, 1);
  } finally {
    await h.stop();
  }
});
