import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { runCliCaptured } from '../../helpers/cli';
import { defaultKnowledge } from '../../../server/src/project/knowledgeFiles';

const GO_LINE = 'rpc error: code = Unavailable desc = error reading from server: EOF';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-bad-'));
const write = (name: string, data: string | Buffer): string => {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
};

async function scan(args: string[]) {
  const { code, stdout, stderr } = await runCliCaptured(['scan', '--format', 'json', ...args]);
  return {
    code,
    json: stdout
      ? (JSON.parse(stdout) as {
          findings: { file: string; line: number }[];
          errors: { file: string; message: string }[];
        })
      : undefined,
    stderr,
  };
}

test('bad-input matrix (CLI): each gives findings or a clear message, exit 2 only for real errors', async () => {
  const cases: [string, string | Buffer, number, RegExp | undefined][] = [
    ['empty.log', '', 0, undefined],
    [
      'image.png',
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(GO_LINE)]),
      0,
      /skipped \(PNG image\)/,
    ],
    [
      'prog.elf',
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(64), Buffer.from(GO_LINE)]),
      0,
      /skipped \(ELF binary\)/,
    ],
    ['log.gz', zlib.gzipSync(GO_LINE), 0, /skipped \(gzip archive\)/],
    [
      'invalid-utf8.log',
      Buffer.concat([Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0x0a]), Buffer.from(`${GO_LINE}\n`)]),
      1,
      undefined,
    ],
    ['lone-surrogate.log', Buffer.from(`\ud800 ${GO_LINE}\n`, 'utf8'), 1, undefined],
    ['utf16.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${GO_LINE}\r\n`, 'utf16le')]), 1, undefined],
    ['crlf.log', `x\r\n${GO_LINE}\r\n`, 1, undefined],
    ['cr-only.log', `x\r${GO_LINE}\r`, 1, undefined],
    ['nul.log', Buffer.concat([Buffer.from('a\0b\n'), Buffer.from(`${GO_LINE}\n`)]), 1, undefined],
  ];
  for (const [name, data, code, message] of cases) {
    const file = write(`matrix/${name}`, data);
    const r = await scan([file]);
    assert.equal(r.code, code, name);
    if (message) assert.match(r.stderr, message, name);
    if (code === 1) assert.equal(r.json?.findings.length, 1, name);
    assert.deepEqual(r.json?.errors, [], name);
  }
});

test('50 MB file and one 5 MB line', async () => {
  const line = `${'2024-05-01 INFO request served in 12 ms user=42\n'.repeat(8)}`;
  const big = write('big.log', `${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}${GO_LINE}\n`);
  assert.ok(fs.statSync(big).size >= 50 * 1024 * 1024);
  const r = await scan([big]);
  assert.equal(r.code, 1);
  assert.equal(r.json?.findings.length, 1);
  const long = write('long-line.log', `${'x'.repeat(5 * 1024 * 1024)}${GO_LINE}\n`);
  assert.equal((await scan([long])).json?.findings.length, 1);
});

test('10-level deep directory with symlink loops terminates and finds the file at the bottom', async () => {
  let dir = path.join(tmp, 'deep');
  for (let i = 0; i < 10; i++) {
    dir = path.join(dir, `level${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(path.join(tmp, 'deep'), path.join(dir, 'up'));
  }
  fs.writeFileSync(path.join(dir, 'bottom.log'), `${GO_LINE}\n`);
  const r = await scan([path.join(tmp, 'deep')]);
  assert.equal(r.code, 1);
  assert.equal(r.json?.findings.length, 1);
  assert.match(r.json.findings[0].file, /level9\/bottom\.log$/);
});

test('a missing path or a dangling symlink is a read error (exit 2) with a one-line message; other files still scanned', async () => {
  const good = write('ok/a.log', `${GO_LINE}\n`);
  fs.symlinkSync(path.join(tmp, 'nowhere'), path.join(tmp, 'dangling.log'));
  const r = await scan([good, path.join(tmp, 'dangling.log')]);
  assert.equal(r.code, 2);
  assert.equal(r.json?.findings.length, 1);
  assert.deepEqual(
    r.json?.errors.map((e) => e.message),
    ['no such file or directory'],
  );
});

test('unreadable file: permission denied is reported (skipped when running as root, which reads everything)', async (t) => {
  if (process.getuid?.() === 0) return t.skip('root can read a chmod 000 file');
  const file = write('secret.log', `${GO_LINE}\n`);
  fs.chmodSync(file, 0o000);
  const r = await scan([file]);
  assert.equal(r.code, 2);
  assert.deepEqual(
    r.json?.errors.map((e) => e.message),
    ['permission denied'],
  );
});

test('--knowledge DIR with an entry that fails the schema: the bad one is reported, the rest load and work', async () => {
  const good = {
    ...defaultKnowledge().byId.get('grpc-go/error-reading-from-server')!,
    id: 'user/custom-error',
    related: [],
  };
  good.patterns = [{ ...good.patterns[0], literal: 'frobnicator lost its upstream' }];
  good.examples = { match: ['frobnicator lost its upstream'], noMatch: [] };
  write('kb/user--custom-error.json', JSON.stringify(good));
  write('kb/user--broken.json', JSON.stringify({ id: 'user/broken' }));
  write('kb/user--not-json.json', '{ nope');
  const log = write('custom.log', 'x frobnicator lost its upstream\n');
  const r = await scan(['--knowledge', path.join(tmp, 'kb'), log]);
  assert.equal(r.code, 1);
  assert.deepEqual(
    r.json?.findings.map((f) => (f as unknown as { id: string }).id),
    ['user/custom-error'],
  );
  assert.match(r.stderr, /user--broken\.json: does not match knowledge\/schema\.json/);
  assert.match(r.stderr, /user--not-json\.json: invalid JSON/);
});

test('.proto files with a syntax error, a missing import and an import cycle: the broken one is named, imports are never read, the readable ones are used, exit 1 not 2', async () => {
  write(
    'protos/proj/echo.proto',
    'syntax = "proto3";\npackage echo;\nmessage Req { string m = 1; }\nservice Echo { rpc UnaryEcho(Req) returns (Req); }\n',
  );
  write('protos/proj/broken.proto', 'syntax = "proto3"; service Broken { rpc X(Missing) returns (');
  write(
    'protos/proj/missing.proto',
    'syntax = "proto3";\npackage miss;\nimport "nowhere/gone.proto";\nmessage M { string x = 1; }\nservice Miss { rpc Get(M) returns (M); }\n',
  );
  write(
    'protos/proj/cyc_a.proto',
    'syntax = "proto3";\npackage cyc;\nimport "cyc_b.proto";\nmessage A { B b = 1; }\nservice CycA { rpc Get(A) returns (A); }\n',
  );
  write('protos/proj/cyc_b.proto', 'syntax = "proto3";\npackage cyc;\nimport "cyc_a.proto";\nmessage B { A a = 1; }\n');
  const retry = {
    maxAttempts: 3,
    initialBackoff: '0.1s',
    maxBackoff: '1s',
    backoffMultiplier: 2,
    retryableStatusCodes: ['UNAVAILABLE'],
  };
  const config = write(
    'protos/proj/service_config.json',
    JSON.stringify(
      {
        methodConfig: [
          {
            name: [
              { service: 'echo.Echo', method: 'UnaryEko' },
              { service: 'cyc.CycA', method: 'Gett' },
              { service: 'echo.Echo', method: 'UnaryEcho' },
            ],
            retryPolicy: retry,
          },
        ],
      },
      null,
      2,
    ),
  );
  const r = await scan([path.join(tmp, 'protos/proj')]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.json?.errors, []);
  assert.match(r.stderr, /broken\.proto: cannot read services from this \.proto/);
  assert.doesNotMatch(
    r.stderr,
    /missing\.proto|gone\.proto/,
    'imports are not followed (issue 18): a missing import costs nothing',
  );
  assert.doesNotMatch(r.stderr, /cyc_[ab]\.proto/, 'an import cycle is legal protobuf and loads');
  const unknown = r.json.findings.filter(
    (f) => f.file === config && (f as unknown as { id: string }).id === 'sc/unknown-method',
  );
  assert.equal(unknown.length, 2, 'the typos in echo.Echo and cyc.CycA are found: the readable protos are used');
});
