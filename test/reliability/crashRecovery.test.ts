/**
 * Crash recovery at the client level, without VS Code (the VS Code e2e kills the server too): the
 * bundled server A runs over stdio with documents open and edited, is killed with SIGKILL, the client's
 * RestartPolicy decides to restart, server B starts and gets didOpen for the open documents (what
 * vscode-languageclient replays on restart) — B publishes the same diagnostics and answers the same hovers.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeActionRequest,
  DidOpenTextDocumentNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { RestartPolicy } from '../../client/src/restartPolicy';
import { ROOT } from '../helpers/knowledge';
import { attach, type LspHarness } from '../helpers/lspHarness';

const BUNDLE = path.join(ROOT, 'server/out/server.js');
const GO_LINE = 'rpc error: code = Unavailable desc = error reading from server: EOF';

interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

function startServer(): { child: ChildProcess; h: LspHarness; exited: Promise<NodeJS.Signals | number | null> } {
  const child = spawn(process.execPath, [BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, h: attach(child.stdout, child.stdin), exited };
}

/** didOpen for each document as the client holds it now; the diagnostics published for each, by URI. */
async function openAll(h: LspHarness, docs: OpenDocument[]): Promise<Map<string, PublishDiagnosticsParams>> {
  const published = docs.map((d) => h.diagnostics(d.uri, (p) => p.version === d.version));
  for (const d of docs) await h.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: d });
  return new Map((await Promise.all(published)).map((p) => [p.uri, p]));
}

test(
  'after SIGKILL the restarted server re-derives its state from the replayed didOpen: same diagnostics, hovers, code actions',
  { timeout: 60_000 },
  async () => {
    assert.ok(fs.existsSync(BUNDLE), 'npm test builds server/out/server.js first');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-crash-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/x\n');
    fs.writeFileSync(
      path.join(dir, 'echo.proto'),
      'syntax = "proto3";\npackage echo;\nmessage Req { string m = 1; }\nservice Echo { rpc Watch(Req) returns (stream Req); }\n',
    );
    const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;
    const docs: OpenDocument[] = [
      { uri: uri('client.log'), languageId: 'log', version: 1, text: `start\n${GO_LINE}\n` },
      {
        uri: uri('service_config.json'),
        languageId: 'json',
        version: 1,
        text: '{"methodConfig": [{"name": [{"service": "echo.Echo", "method": "Wach"}], "retryPolicy": {"maxAttempts": 3, "initialBackoff": ".1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}}]}',
      },
      {
        uri: uri('main.go'),
        languageId: 'go',
        version: 1,
        text: 'package main\n\nfunc main() {\n\tconn, err := grpc.NewClient("localhost:50051", grpc.WithTransportCredentials(insecure.NewCredentials()))\n\t_ = conn\n\t_ = err\n}\n',
      },
    ];
    const policy = new RestartPolicy();
    const a = startServer();
    let b: ReturnType<typeof startServer> | undefined;
    try {
      await a.h.initialize({ settings: { debounceMs: 0 } });
      await openAll(a.h, docs);
      // The user edits the log while server A runs: the state to recover includes version 2.
      const edited = a.h.diagnostics(docs[0].uri, (p) => p.version === 2);
      await a.h.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: docs[0].uri, version: 2 },
        contentChanges: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            text: `${GO_LINE.replace('EOF', 'unexpected EOF')}\n`,
          },
        ],
      });
      await edited;
      docs[0] = { ...docs[0], version: 2, text: `${GO_LINE.replace('EOF', 'unexpected EOF')}\n${docs[0].text}` };
      const before = new Map(docs.map((d) => [d.uri, a.h.published.filter((p) => p.uri === d.uri).at(-1)!]));
      const hoverBefore = await a.h.hover(docs[0].uri, 2, GO_LINE.indexOf('reading'));
      const actionsBefore = await a.h.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: docs[2].uri },
        range: { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } },
        context: { diagnostics: [] },
      });
      assert.ok(
        before.get(docs[0].uri)!.diagnostics.length >= 2 && before.get(docs[1].uri)!.diagnostics.length >= 1,
        'server A found something to recover',
      );
      assert.ok(hoverBefore && actionsBefore && actionsBefore.length > 0);

      a.child.kill('SIGKILL');
      assert.equal(await a.exited, 'SIGKILL');
      a.h.dispose();
      assert.equal(policy.shouldRestart(Date.now()), true, 'the client restarts after one crash');

      b = startServer();
      await b.h.initialize({ settings: { debounceMs: 0 } });
      const after = await openAll(b.h, docs);
      for (const d of docs)
        assert.deepEqual(
          after.get(d.uri)!.diagnostics,
          before.get(d.uri)!.diagnostics,
          `diagnostics of ${path.basename(d.uri)}`,
        );
      assert.deepEqual(await b.h.hover(docs[0].uri, 2, GO_LINE.indexOf('reading')), hoverBefore);
      const actionsAfter = await b.h.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: docs[2].uri },
        range: { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } },
        context: { diagnostics: [] },
      });
      assert.deepEqual(actionsAfter, actionsBefore);
      await b.h.shutdown();
      assert.equal(await b.exited, 0);
    } finally {
      a.child.kill();
      b?.h.dispose();
      b?.child.kill();
    }
  },
);

test(
  'a server that keeps crashing is restarted at most 5 times in 3 minutes (the client policy), then left down',
  { timeout: 60_000 },
  async () => {
    const policy = new RestartPolicy();
    const started = Date.now();
    let restarts = 0;
    for (;;) {
      const s = startServer();
      await s.h.initialize({});
      s.child.kill('SIGKILL');
      assert.equal(await s.exited, 'SIGKILL');
      s.h.dispose();
      if (!policy.shouldRestart(Date.now())) break;
      restarts++;
      assert.ok(restarts <= 5, 'the policy stops the loop');
    }
    assert.equal(restarts, 5);
    assert.ok(Date.now() - started < 3 * 60_000);
  },
);
