import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliCaptured } from '../../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-lint-'));
const write = (name: string, data: string): string => {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
};

const cli = (args: string[]) => runCliCaptured(args);

const PROTO =
  'syntax = "proto3";\npackage echo;\nmessage Req { string m = 1; }\nservice Echo {\n  rpc UnaryEcho(Req) returns (Req);\n  rpc ServerStreamingEcho(Req) returns (stream Req);\n}\n';
const SC =
  '{\n  "methodConfig": [{\n    "name": [{"service": "echo.Echo", "method": "UnaryEko"}],\n    "retryPolicy": {"maxAttempts": 3, "initialBackoff": ".1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}\n  }]\n}\n';
const PY = `ch = grpc.insecure_channel(t, options=[("grpc.service_config", '{"methodConfig": [{"name": [{"service": "echo.Echo"}], "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["unavailable"]}}]}')])\n`;
write('proj/protos/echo.proto', PROTO);
write('proj/broken.proto', 'syntax = "proto3"; service Broken { rpc X(Missing) returns (');
const scFile = write('proj/service_config.json', SC);
const pyFile = write('proj/client.py', PY);
write('proj/package.json', '{"name": "x", "methodConfig_not": 1}');
const clean = write(
  'clean/service_config.json',
  SC.replace('UnaryEko', 'UnaryEcho').replace('".1s"', '"0.1s"').replace('UNAVAILABLE', 'ABORTED'),
);

test('scan --format json reports lint findings in the findings shape, 1-based, with rule codes as ids', async () => {
  const r = await cli(['scan', '--format', 'json', path.join(tmp, 'proj')]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { findings: Record<string, unknown>[]; errors: unknown[] };
  for (const f of out.findings) {
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
  }
  const byId = (id: string, file: string) => out.findings.filter((f) => f.id === id && f.file === file);
  const dur = byId('sc/duration-format', scFile);
  assert.equal(dur.length, 1);
  const col = SC.split('\n')[3].indexOf('".1s"') + 1;
  assert.deepEqual([dur[0].line, dur[0].column, dur[0].endLine, dur[0].endColumn], [4, col, 4, col + 5]);
  assert.equal(dur[0].status, 'ERROR');
  assert.equal(dur[0].family, 'service-config');
  assert.equal(dur[0].implementation, 'any');
  assert.equal(byId('sc/unknown-method', scFile).length, 1, 'names are checked against the scanned .proto files');
  const py = byId('sc/status-name-case', pyFile);
  assert.equal(py.length, 1);
  assert.equal(py[0].implementation, 'grpc-python');
  assert.match(String(py[0].message), /lame/);
  assert.equal(py[0].column, PY.indexOf('"unavailable"') + 1);
  assert.equal(out.findings.filter((f) => String(f.file).endsWith('package.json')).length, 0);
  assert.match(r.stderr, /broken\.proto: cannot read services from this \.proto/);
  assert.deepEqual(out.errors, []);
});

test('scan text and sarif formats carry the lint findings; zh-cn messages; clean config exits 0', async () => {
  const text = await cli(['scan', scFile]);
  assert.match(
    text.stdout,
    new RegExp(
      `${scFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+  ERROR  Invalid duration format  \\[sc/duration-format\\]`,
    ),
  );
  assert.match(text.stdout, /1 finding in 1 file/);
  const zh = await cli(['scan', '--lang', 'zh-cn', scFile]);
  assert.match(zh.stdout, /时长格式无效/);
  const sarif = JSON.parse((await cli(['scan', '--format', 'sarif', scFile])).stdout);
  const run = sarif.runs[0];
  const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'sc/duration-format');
  assert.equal(result.level, 'error');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'sc/duration-format');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 4);
  assert.equal((await cli(['scan', clean])).code, 0);
});
