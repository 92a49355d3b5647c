import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver';
import { LookupRequest } from '../../../shared/protocol';
import { ROOT } from '../../helpers/knowledge';
import { attach } from '../../helpers/lspHarness';

const BUNDLE = path.join(ROOT, 'server/out/server.js');

/** Splits raw stdout into LSP frames; throws on anything that is not a frame (a stray console.log). */
function frames(raw: Buffer): unknown[] {
  const out: unknown[] = [];
  let at = 0;
  while (at < raw.length) {
    const headerEnd = raw.indexOf('\r\n\r\n', at);
    assert.ok(headerEnd > at, `a frame header at byte ${at}: ${JSON.stringify(raw.subarray(at, at + 60).toString())}`);
    const m = /^Content-Length: (\d+)(\r\n[A-Za-z-]+: [^\r\n]*)*$/i.exec(raw.subarray(at, headerEnd).toString('ascii'));
    assert.ok(m, `valid header: ${raw.subarray(at, headerEnd).toString()}`);
    const start = headerEnd + 4;
    out.push(JSON.parse(raw.subarray(start, start + Number(m[1])).toString('utf8')));
    at = start + Number(m[1]);
  }
  return out;
}

test('the bundled server speaks LSP over stdio and nothing else', { timeout: 30_000 }, async () => {
  assert.ok(fs.existsSync(BUNDLE), 'npm test builds server/out/server.js first');
  // Run from a directory without node_modules: the bundle must be self-contained.
  const child = spawn(process.execPath, [BUNDLE, '--stdio'], {
    cwd: path.dirname(BUNDLE),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => stdout.push(b));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const h = attach(child.stdout, child.stdin);
  try {
    const init = await h.initialize({ locale: 'zh-cn', settings: { debounceMs: 0 } });
    assert.equal(init.serverInfo?.name, 'grpc-doctor');
    const uri = 'file:///tmp/client.log';
    const line = 'E0501 rpc error: code = Unavailable desc = error reading from server: EOF';
    const published = h.diagnostics(uri);
    await h.open(uri, line);
    const [d] = (await published).diagnostics;
    assert.equal(d.code, 'grpc-go/error-reading-from-server');
    const hover = await h.hover(uri, 0, d.range.start.character + 1);
    assert.match((hover?.contents as MarkupContent).value, /\*\*重试策略\*\*：/);
    const { matches } = await h.connection.sendRequest(LookupRequest.type, { query: 'error reading from server' });
    assert.equal(matches[0].id, 'grpc-go/error-reading-from-server');
    await h.shutdown();
    assert.equal(await exited, 0, `exit code after shutdown+exit (stderr: ${stderr})`);
  } finally {
    h.dispose();
    child.kill();
  }
  const all = frames(Buffer.concat(stdout));
  assert.ok(all.length >= 4);
  assert.ok(
    h.logs.some((l) => /knowledge entries/.test(l.message)),
    'start-up log went to window/logMessage',
  );
});
