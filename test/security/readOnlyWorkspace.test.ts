/**
 * Workspace files are only read: a whole LSP session (the bundled server, started inside the workspace)
 * and CLI scans over a temp workspace leave every file and directory exactly as it was.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionRequest } from 'vscode-languageserver';
import { EntryRequest, LookupRequest, ScanTextRequest } from '../../shared/protocol';
import { runCli } from '../../server/src/cli/main';
import { fixture, ROOT } from '../helpers/knowledge';
import { attach } from '../helpers/lspHarness';

const GO_LINE = 'rpc error: code = Unavailable desc = error reading from server: EOF';

/** Every path under dir with its type, size, mtime and content hash. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        out[rel] = `dir mtime=${st.mtimeMs}`;
        walk(p);
      } else {
        out[rel] =
          `file size=${st.size} mtime=${st.mtimeMs} mode=${st.mode} sha256=${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
      }
    }
  };
  walk(dir);
  return out;
}

function makeWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-readonly-'));
  const copy = (from: string, to: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, to));
  };
  copy(fixture('quickfix', 'go', 'main.go'), 'main.go');
  copy(fixture('quickfix', 'python', 'feed_sync.py'), 'py/feed_sync.py');
  copy(fixture('quickfix', 'python', 'requirements.txt'), 'py/requirements.txt');
  copy(fixture('quickfix', 'protos', 'feed.proto'), 'protos/feed.proto');
  copy(fixture('quickfix', 'protos', 'health.proto'), 'protos/health.proto');
  fs.writeFileSync(
    path.join(dir, 'go.mod'),
    'module example.com/feed\n\ngo 1.22\n\nrequire google.golang.org/grpc v1.64.0\n',
  );
  fs.writeFileSync(path.join(dir, 'client.log'), `start\n${GO_LINE}\n`);
  fs.writeFileSync(
    path.join(dir, 'service_config.json'),
    '{"methodConfig": [{"name": [{"service": "demo.feed.v1.Feed"}], "retryPolicy": {"maxAttempts": 3, "initialBackoff": ".1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["unavailable"]}}]}',
  );
  fs.writeFileSync(path.join(dir, 'protos/broken.proto'), 'syntax = "proto3"; service Broken {');
  return dir;
}

test(
  'an LSP session and CLI scans leave the workspace untouched (no file written, created or removed)',
  { timeout: 60_000 },
  async () => {
    const dir = makeWorkspace();
    const before = snapshot(dir);
    // Older mtimes than "now", so a rewrite with the same content would still show.
    for (const rel of Object.keys(before))
      fs.utimesSync(path.join(dir, rel), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const initial = snapshot(dir);

    const child = spawn(process.execPath, [path.join(ROOT, 'server/out/server.js'), '--stdio'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const h = attach(child.stdout, child.stdin);
    try {
      await h.initialize({
        settings: { debounceMs: 0, userPatterns: [{ literal: 'feed stalled' }] },
        workspaceFolders: [dir],
      });
      const docs = [
        ['client.log', 'log'],
        ['main.go', 'go'],
        ['py/feed_sync.py', 'python'],
        ['service_config.json', 'json'],
        ['protos/feed.proto', 'proto3'],
        ['protos/broken.proto', 'proto3'],
      ] as const;
      for (const [name, languageId] of docs) {
        const uri = pathToFileURL(path.join(dir, name)).href;
        const text = fs.readFileSync(path.join(dir, name), 'utf8');
        const published = h.diagnostics(uri);
        await h.open(uri, text, languageId);
        const { diagnostics } = await published;
        const lines = text.split('\n').length;
        for (let line = 0; line < lines; line++) {
          await h.connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri },
            range: { start: { line, character: 0 }, end: { line, character: 200 } },
            context: { diagnostics },
          });
        }
        for (const d of diagnostics) await h.hover(uri, d.range.start.line, d.range.start.character);
        const changed = h.diagnostics(uri, (p) => p.version === 2);
        await h.change(uri, [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${GO_LINE}\n` },
        ]);
        await changed;
        await h.close(uri);
      }
      await h.connection.sendRequest(LookupRequest.type, { query: 'goaway' });
      await h.connection.sendRequest(EntryRequest.type, { id: 'grpc-go/error-reading-from-server', format: 'json' });
      await h.connection.sendRequest(ScanTextRequest.type, { text: GO_LINE });
      await h.shutdown();
      assert.equal(await exited, 0);
    } finally {
      h.dispose();
      child.kill();
    }

    const io = {
      stdout: () => {},
      stderr: () => {},
      stdin: async function* () {
        /* none */
      },
      isTty: false,
      env: {},
    };
    assert.equal(await runCli(['scan', dir], io), 1);
    assert.equal(await runCli(['scan', '--format', 'sarif', dir], io), 1);

    assert.deepEqual(snapshot(dir), initial, 'the workspace changed');
  },
);
