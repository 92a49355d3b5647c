import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../server/src/cli/main';
import { runCliCaptured } from '../../helpers/cli';
import { ROOT } from '../../helpers/knowledge';

const GO_LINE = '2024/05/01 10:00:00 recv: rpc error: code = Unavailable desc = error reading from server: EOF';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-cli-'));
const write = (name: string, data: string | Buffer): string => {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
};

const cli = (args: string[], stdinText = '', env: Record<string, string> = {}, isTty = false) =>
  runCliCaptured(args, { stdin: stdinText ? [stdinText] : [], env, isTty });

const withError = write('app.log', `starting\n${GO_LINE}\ndone\n`);
const clean = write('clean.log', 'INFO shutting down metrics exporter\n');

test('exit codes: 1 with findings, 0 without, 2 on usage and read errors', async () => {
  assert.equal((await cli(['scan', withError])).code, 1);
  assert.equal((await cli(['scan', clean])).code, 0);
  const usage = await cli(['scan', '--format', 'xml', clean]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--format must be/);
  assert.equal((await cli(['scan', '--bogus'])).code, 2);
  const missing = await cli(['scan', path.join(tmp, 'nope.log')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.log: no such file or directory/);
  assert.equal(missing.stderr.trim().split('\n').length, 1, 'one-line message');
});

test('--format json has exactly the documented shape, 1-based', async () => {
  const { stdout, code } = await cli(['scan', '--format', 'json', withError]);
  assert.equal(code, 1);
  const out = JSON.parse(stdout) as { findings: Record<string, unknown>[]; errors: unknown[] };
  assert.deepEqual(Object.keys(out), ['findings', 'errors']);
  assert.equal(out.findings.length, 1);
  const f = out.findings[0];
  assert.deepEqual(Object.keys(f), [
    'file',
    'line',
    'column',
    'endLine',
    'endColumn',
    'id',
    'status',
    'family',
    'implementation',
    'message',
    'title',
  ]);
  assert.equal(f.file, withError);
  assert.equal(f.line, 2);
  assert.equal(f.column, GO_LINE.indexOf('error reading') + 1);
  assert.equal(f.endColumn, f.column + 'error reading from server: '.length);
  assert.equal(f.id, 'grpc-go/error-reading-from-server');
  assert.equal(f.status, 'UNAVAILABLE');
  assert.equal(f.implementation, 'grpc-go');
  assert.equal(f.message, 'error reading from server: ');
  assert.deepEqual(out.errors, []);
});

test('text format: location, status, title and an explanation; colour only on a TTY without NO_COLOR', async () => {
  const plain = await cli(['scan', withError]);
  assert.match(
    plain.stdout,
    new RegExp(
      `${withError.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+  UNAVAILABLE  .+\\[grpc-go/error-reading-from-server\\]`,
    ),
  );
  assert.match(plain.stdout, /→ /);
  assert.doesNotMatch(plain.stdout, /\x1b\[/);
  assert.match((await cli(['scan', withError], '', {}, true)).stdout, /\x1b\[/);
  assert.doesNotMatch((await cli(['scan', withError], '', { NO_COLOR: '1' }, true)).stdout, /\x1b\[/);
  const zh = await cli(['scan', '--lang', 'zh-cn', withError]);
  assert.match(zh.stdout, /[\u4e00-\u9fff]/);
});

test('SARIF 2.1.0 with one rule per entry', async () => {
  const { stdout } = await cli(['scan', '--format', 'sarif', withError]);
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.deepEqual(
    run.tool.driver.rules.map((r: { id: string }) => r.id),
    ['grpc-go/error-reading-from-server'],
  );
  assert.ok(run.tool.driver.rules[0].help.markdown.includes('error reading from server'));
  assert.equal(run.results[0].locations[0].physicalLocation.region.startLine, 2);
});

test('directories are walked recursively, skipping node_modules, .git and binary files; symlink loops end', async () => {
  const dir = path.join(tmp, 'tree');
  write('tree/a/b/c.log', `${GO_LINE}\n`);
  write('tree/node_modules/x.log', `${GO_LINE}\n`);
  write('tree/.git/y.log', `${GO_LINE}\n`);
  write('tree/img.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from(GO_LINE)]));
  fs.symlinkSync(dir, path.join(dir, 'a', 'loop'));
  const { stdout, stderr, code } = await cli(['scan', '--format', 'json', dir]);
  assert.equal(code, 1);
  const files = (JSON.parse(stdout).findings as { file: string }[]).map((f) => path.relative(dir, f.file));
  assert.deepEqual(files, [path.join('a', 'b', 'c.log')]);
  assert.match(stderr, /img\.png: skipped \(PNG image\)/);
});

test('stdin with -', async () => {
  const { stdout, code } = await cli(['scan', '--format', 'json', '-'], `${GO_LINE}\n`);
  assert.equal(code, 1);
  assert.equal(JSON.parse(stdout).findings[0].file, '<stdin>');
});

test('explain by id and by pasted error text, in English and Chinese', async () => {
  const byId = await cli(['explain', 'grpc-go/error-reading-from-server']);
  assert.equal(byId.code, 0);
  assert.match(byId.stdout, /^### /);
  const byText = await cli(['explain', GO_LINE, '--lang', 'zh-cn']);
  assert.equal(byText.code, 0);
  assert.match(byText.stdout, /根本原因/);
  assert.equal((await cli(['explain'])).code, 2);
  assert.equal(
    JSON.parse((await cli(['explain', 'grpc-go/error-reading-from-server', '--format', 'json'])).stdout).id,
    'grpc-go/error-reading-from-server',
  );
});

test('the bundled CLI runs as a program with the same exit codes', () => {
  const bin = path.join(ROOT, 'server/out/cli.js');
  const found = spawnSync(process.execPath, [bin, 'scan', '--format', 'json', withError], { encoding: 'utf8' });
  assert.equal(found.status, 1, found.stderr);
  assert.equal(JSON.parse(found.stdout).findings.length, 1);
  assert.equal(spawnSync(process.execPath, [bin, 'scan', clean]).status, 0);
  assert.equal(spawnSync(process.execPath, [bin, 'scan', '--format']).status, 2);
  const piped = spawnSync(process.execPath, [bin, 'scan', '-'], { input: `${GO_LINE}\n`, encoding: 'utf8' });
  assert.equal(piped.status, 1);
});

test('--jobs N gives the same output as a sequential scan (order, errors, skipped files), in process and from the bundle', async () => {
  const dir = path.join(tmp, 'many');
  for (let i = 0; i < 7; i++) {
    const lines = Array.from({ length: 50 + i * 13 }, (_, k) =>
      k % (9 + i) === 0 ? `${i}-${k} ${GO_LINE}` : `INFO line ${k} of file ${i}`,
    );
    write(`many/f${i}.log`, lines.join('\n'));
  }
  write('many/image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  const args = ['scan', '--format', 'json', dir];
  const sequential = await cli(args);
  assert.equal(sequential.code, 1);
  assert.ok((JSON.parse(sequential.stdout) as { findings: unknown[] }).findings.length > 30);
  let stdout = '';
  let stderr = '';
  const parallel = await runCli(['scan', '--jobs', '3', '--format', 'json', dir], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    stdin: async function* () {},
    isTty: false,
    env: {},
    workerScript: path.join(ROOT, 'out/server/src/cli/entry.js'),
  });
  assert.equal(parallel, 1);
  assert.equal(stdout, sequential.stdout);
  assert.equal(stderr, sequential.stderr);
  assert.match(stderr, /image\.png: skipped \(PNG image\)/);
  const bundled = spawnSync(
    process.execPath,
    [path.join(ROOT, 'server/out/cli.js'), 'scan', '-j', '2', '--format', 'json', dir],
    { encoding: 'utf8' },
  );
  assert.equal(bundled.status, 1, bundled.stderr);
  assert.equal(bundled.stdout, sequential.stdout);
  assert.equal((await cli(['scan', '--jobs', '0', dir])).code, 2);
});

test('options: unknown ones, missing values and bad values exit 2 with the option named; = and short forms work', async () => {
  for (const [args, message] of [
    [['scan', '--bogus', withError], /unknown option --bogus/],
    [['scan', '--format'], /--format needs a value/],
    [['scan', '-j', '0', withError], /--jobs must be a number from 1 to 999, not 0/],
    [['scan', '--lang=fr', withError], /--lang must be en or zh-cn, not fr/],
  ] as const) {
    const r = await cli([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  const zh = await cli(['scan', '--format=json', '--locale', 'zh-CN', '-j', '2', withError]);
  assert.equal(zh.code, 1);
  assert.equal(JSON.parse(zh.stdout).findings.length, 1);
  assert.equal((await cli(['-h'])).code, 0);
});
