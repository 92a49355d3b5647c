import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildProtoIndex } from '../../../../server/src/project/protoServices';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-proto-'));
const write = (name: string, text: string): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

test('services, methods and streaming kinds come from the .proto files, imports resolved next to the file', () => {
  write('common.proto', 'syntax = "proto3";\npackage common;\nmessage Msg { string text = 1; }\n');
  const echo = write(
    'echo.proto',
    'syntax = "proto3";\npackage grpc.examples.echo;\nimport "common.proto";\nservice Echo {\n  rpc UnaryEcho(common.Msg) returns (common.Msg);\n  rpc ServerStreamingEcho(common.Msg) returns (stream common.Msg);\n  rpc BidiEcho(stream common.Msg) returns (stream common.Msg);\n}\n',
  );
  const index = buildProtoIndex([echo]);
  assert.deepEqual(index.problems, []);
  const methods = index.services.get('grpc.examples.echo.Echo');
  assert.ok(methods);
  assert.deepEqual([...methods.keys()], ['UnaryEcho', 'ServerStreamingEcho', 'BidiEcho']);
  assert.equal(methods.get('UnaryEcho')!.serverStreaming, false);
  assert.equal(methods.get('ServerStreamingEcho')!.serverStreaming, true);
  assert.equal(methods.get('BidiEcho')!.clientStreaming, true);
  assert.equal(index.services.has('common.Msg'), false, 'messages are not services');
});

test('broken and missing protos give a clear problem, never a throw; imports are not read, so a missing import is no problem; good files still load', () => {
  const broken = write('broken.proto', 'syntax = "proto3";\nservice Broken { rpc X(');
  const missingImport = write(
    'imports.proto',
    'syntax = "proto3";\nimport "nowhere/missing.proto";\nservice S { rpc X(M) returns (M); }\n',
  );
  const good = write('good.proto', 'syntax = "proto3";\nmessage M {}\nservice Plain { rpc Go(M) returns (M); }\n');
  const index = buildProtoIndex([broken, path.join(dir, 'absent.proto'), missingImport, good]);
  assert.deepEqual(
    index.problems.map((p) => p.file),
    [broken, path.join(dir, 'absent.proto')],
  );
  for (const p of index.problems) assert.match(p.message, /^cannot read services from this \.proto: \S/);
  assert.ok(index.services.get('Plain')?.has('Go'));
  assert.ok(index.services.get('S')?.has('X'), 'a file whose import is missing still gives its own services');
});
