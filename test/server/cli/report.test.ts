import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliCaptured } from '../../helpers/cli';
import { ROOT } from '../../helpers/knowledge';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-report-'));
const write = (name: string, data: string): string => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, data);
  return p;
};
const GO_EOF = 'rpc error: code = Unavailable desc = error reading from server: EOF';

const cli = (args: string[], stdinChunks: string[] = []) => runCliCaptured(args, { stdin: stdinChunks });

const client = write('client.log', `2026-12-04T13:47:23.150Z ERROR stream failed: ${GO_EOF}\n`);
const server = write('server.log', '2026-12-04T13:47:23.101Z INFO shutting down gracefully\n');

test('report: HTML by default, Markdown and JSON on request; exit 1 with findings', async () => {
  const html = await cli(['report', client, server]);
  assert.equal(html.code, 1, html.stderr);
  assert.match(html.stdout, /^<!DOCTYPE html>/);
  assert.match(html.stdout, /server graceful stop/);
  assert.ok(html.stdout.includes(`${new URL(`file://${server}`).href}#L1`), 'links to file:line');
  const md = await cli(['report', '--format', 'markdown', '--lang', 'zh-cn', client, server]);
  assert.match(md.stdout, /^## gRPC 事故报告/);
  const json = await cli(['report', '--format', 'json', '--window', '2', client, server]);
  const r = JSON.parse(json.stdout);
  assert.equal(r.incidents[0].cause.kind, 'graceful-stop');
  assert.equal(r.incidents[0].cause.file, server);
});

test('report: usage and read errors exit 2 with a message; a clean log exits 0', async () => {
  assert.equal((await cli(['report'])).code, 2);
  assert.match((await cli(['report', '--format', 'pdf', client])).stderr, /--format must be html, markdown or json/);
  assert.match((await cli(['report', '--window', 'x', client])).stderr, /--window must be seconds/);
  const missing = await cli(['report', '--format', 'json', client, path.join(tmp, 'nope.log')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.log/);
  assert.equal(JSON.parse(missing.stdout).incidents.length, 1, 'the readable log is still reported');
  assert.equal((await cli(['report', '--format', 'json', write('clean.log', 'INFO all good\n')])).code, 0);
});

test('scan --format jsonl: one JSON object per finding, for stdin and files', async () => {
  const r = await cli(['scan', '--format', 'jsonl', '-'], [`x\n${GO_EOF}\n`, `${GO_EOF.replace('EOF', 'EOF')}\n`]);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.deepEqual([lines[0].file, lines[0].line, lines[0].id], ['<stdin>', 2, 'grpc-go/error-reading-from-server']);
  const f = await cli(['scan', '--format', 'jsonl', client]);
  assert.equal(JSON.parse(f.stdout.trim()).file, client);
});

/** Feeds the real CLI through a pipe, one piece at a time, and waits for output between pieces. */
async function slowPipe(format: string): Promise<{ before: string; after: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'server/out/cli.js'), 'scan', '--format', format, '-'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    out += d;
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  child.stdin.write('2026-12-04T13:47:23Z INFO starting\n');
  child.stdin.write(`2026-12-04T13:47:24Z ERROR ${GO_EOF}\n`);
  // the input is still open: the finding must arrive now (bounded wait: 15 s)
  const deadline = Date.now() + 15_000;
  while (!out.includes('error-reading-from-server') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const before = out;
  child.stdin.write(`2026-12-04T13:47:25Z ERROR ${GO_EOF}\n`);
  child.stdin.end();
  assert.equal(await exited, 1);
  return { before, after: out };
}

test('scan - streams: a finding is printed while the input is still open (jsonl and text)', async () => {
  const jsonl = await slowPipe('jsonl');
  assert.equal(jsonl.before.trim().split('\n').length, 1, 'the first finding arrived before the input ended');
  assert.equal(JSON.parse(jsonl.before).line, 2);
  assert.equal(jsonl.after.trim().split('\n').length, 2);
  const text = await slowPipe('text');
  assert.match(text.before, /<stdin>:2:\d+\s+UNAVAILABLE/);
  assert.match(text.after, /<stdin>:3:/);
  assert.match(text.after, /2 findings in 1 file/);
});
