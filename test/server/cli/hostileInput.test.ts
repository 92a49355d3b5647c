/** Issue 18, CLI defects 8, 10, 11, 13, 14: each reproduction as a test. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliCaptured } from '../../helpers/cli';
import { displayName, sarifUri } from '../../../server/src/cli/format';
import { ROOT } from '../../helpers/knowledge';

const GO_LINE = 'rpc error: code = Unavailable desc = error reading from server: EOF';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-hostile-cli-'));

const cli = (args: string[]) => runCliCaptured(args);

test(
  'defect 8: a FIFO named on the command line is read as a stream (findings, exit 1)',
  { timeout: 30_000 },
  async () => {
    const fifo = path.join(tmp, 'pipe.log');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here
    }
    const writer = fs.promises.writeFile(fifo, `start\n${GO_LINE}\n`);
    const r = await cli(['scan', '--format', 'json', fifo]);
    await writer;
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { findings: { file: string; id: string }[] };
    assert.deepEqual(
      json.findings.map((f) => [f.file, f.id]),
      [[fifo, 'grpc-go/error-reading-from-server']],
    );
  },
);

test('defect 8: `scan <(cmd)` and /dev/stdin in the real CLI read the stream', { timeout: 30_000 }, () => {
  const cliJs = path.join(ROOT, 'server/out/cli.js');
  if (!fs.existsSync(cliJs)) return;
  const viaStdin = spawnSync(process.execPath, [cliJs, 'scan', '/dev/stdin'], {
    input: `${GO_LINE}\n`,
    encoding: 'utf8',
  });
  assert.equal(viaStdin.status, 1, viaStdin.stderr);
  assert.match(viaStdin.stdout, /1 finding in 1 file/);
  const piped = spawnSync(
    'bash',
    ['-c', `printf '%s\\n' ${JSON.stringify(GO_LINE)} | node ${JSON.stringify(cliJs)} scan /dev/stdin`],
    { encoding: 'utf8' },
  );
  if (!piped.error) {
    assert.equal(piped.status, 1, piped.stderr);
    assert.match(piped.stdout, /1 finding in 1 file/);
  }
  const bash = spawnSync(
    'bash',
    ['-c', `node ${JSON.stringify(cliJs)} scan <(printf '%s\\n' ${JSON.stringify(GO_LINE)})`],
    { encoding: 'utf8' },
  );
  if (bash.error) return;
  assert.equal(bash.status, 1, bash.stderr);
  assert.match(bash.stdout, /1 finding in 1 file/);
});

test('defect 10: SARIF uris are percent-encoded; text output shows control characters escaped', async () => {
  assert.equal(sarifUri('logs/a b#c?d%é.log'), 'logs/a%20b%23c%3Fd%25%C3%A9.log');
  assert.equal(sarifUri('/var/log/a b.log'), 'file:///var/log/a%20b.log');
  assert.equal(displayName('evil\x1b[31m\nx.log'), 'evil\\x1b[31m\\x0ax.log');
  const name = path.join(tmp, 'we\x1b[2Jird\nname.log');
  fs.writeFileSync(name, `${GO_LINE}\n`);
  const text = await cli(['scan', name]);
  assert.equal(text.code, 1);
  assert.ok(!text.stdout.includes('\x1b'), 'no raw escape reaches the terminal');
  assert.match(text.stdout, /we\\x1b\[2Jird\\x0aname\.log:1:\d+ /);
  const sarif = await cli(['scan', '--format', 'sarif', name]);
  const uri = (
    JSON.parse(sarif.stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    }
  ).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
  assert.ok(!/[\s\x00-\x1f]/.test(uri), uri);
  assert.equal(decodeURIComponent(new URL(uri).pathname), name);
});

test('defect 11: explain with unrelated text says "no entry matches" and exits 1; a relevant query still explains', async () => {
  const fox = await cli(['explain', 'the quick brown fox']);
  assert.equal(fox.code, 1);
  assert.equal(fox.stdout, '');
  assert.match(fox.stderr, /no entry matches "the quick brown fox"/);
  const real = await cli(['explain', 'too many pings']);
  assert.equal(real.code, 0, real.stderr);
});

test('defect 13: a --knowledge entry reusing a built-in id is reported, not dropped silently', async () => {
  const dir = path.join(tmp, 'kb');
  fs.mkdirSync(dir);
  const builtin = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'knowledge/entries/grpc-go--error-reading-from-server.json'), 'utf8'),
  ) as { id: string };
  fs.writeFileSync(path.join(dir, 'dup.json'), JSON.stringify(builtin));
  const log = path.join(tmp, 'one.log');
  fs.writeFileSync(log, `${GO_LINE}\n`);
  const r = await cli(['scan', '--knowledge', dir, log]);
  assert.match(r.stderr, new RegExp(`warning: .*kb: entry ${builtin.id} skipped: a built-in entry has this id`));
});

test(
  'defect 14: scanning a relative directory that holds a .proto prints no (node:PID) warning',
  { timeout: 30_000 },
  () => {
    const cliJs = path.join(ROOT, 'server/out/cli.js');
    if (!fs.existsSync(cliJs)) return;
    const dir = path.join(tmp, 'rel');
    fs.mkdirSync(path.join(dir, 'protos'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'protos/a.proto'),
      'syntax = "proto3";\nimport "b.proto";\npackage p;\nmessage M {}\nservice S { rpc Get (M) returns (M); }\n',
    );
    fs.writeFileSync(path.join(dir, 'protos/b.proto'), 'syntax = "proto3";\nimport "a.proto";\npackage p;\n');
    const r = spawnSync(process.execPath, [cliJs, 'scan', 'protos'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /\(node:\d+\)|Warning/);
  },
);
