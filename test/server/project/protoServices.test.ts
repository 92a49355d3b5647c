import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProtoFile, loadProtoServices, ProtoFileCache } from '../../../server/src/project/protoServices';
import type { ProtoFileResult } from '../../../server/src/core/proto';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-proto-'));
const write = (name: string, text: string): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const feed = write(
  'feed.proto',
  'syntax = "proto3";\npackage demo;\nimport "types.proto";\nservice Feed { rpc Watch (Req) returns (stream Ev); rpc Get (Req) returns (Ev); }\n',
);
const types = write(
  'types.proto',
  'syntax = "proto3";\npackage demo;\nmessage Req {}\nmessage Ev {}\nservice Admin { rpc Reset (Req) returns (Ev); }\n',
);
const broken = write('broken.proto', 'syntax = "proto3";\nservice Oops { rpc ( }\n');

test('each file reports the services it defines itself; a broken file is a problem, not an exception', () => {
  assert.deepEqual(
    loadProtoFile(feed).services.map((s) => [s.name, s.methods.map((m) => [m.name, m.responseStream])]),
    [
      [
        'demo.Feed',
        [
          ['Watch', true],
          ['Get', false],
        ],
      ],
    ],
  );
  const r = loadProtoServices([broken, feed, types]);
  assert.deepEqual(
    r.services.map((s) => s.name),
    ['demo.Admin', 'demo.Feed'],
  );
  assert.deepEqual(
    r.problems.map((p) => p.file),
    [broken],
  );
  assert.match(r.problems[0].message, /^cannot read services from this \.proto: \S/);
});

test('the cache re-parses only files whose size or mtime changed, and forgets removed ones', async () => {
  const parsed: string[] = [];
  const cache = new ProtoFileCache((file): ProtoFileResult => {
    parsed.push(path.basename(file));
    return loadProtoFile(file);
  });
  assert.deepEqual(
    (await cache.load([feed, types])).services.map((s) => s.name),
    ['demo.Admin', 'demo.Feed'],
  );
  assert.deepEqual(parsed.splice(0), ['feed.proto', 'types.proto']);
  assert.equal((await cache.load([feed, types])).services.length, 2);
  assert.deepEqual(parsed.splice(0), [], 'nothing re-parsed when nothing changed');
  fs.writeFileSync(
    types,
    'syntax = "proto3";\npackage demo;\nmessage Req {}\nmessage Ev {}\nservice Admin { rpc Reset (Req) returns (Ev); rpc Purge (Req) returns (Ev); }\n',
  );
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(types, later, later);
  const after = await cache.load([feed, types]);
  assert.deepEqual(parsed.splice(0), ['types.proto']);
  assert.deepEqual(
    after.services.find((s) => s.name === 'demo.Admin')?.methods.map((m) => m.name),
    ['Reset', 'Purge'],
  );
  assert.deepEqual(
    (await cache.load([feed])).services.map((s) => s.name),
    ['demo.Feed'],
  );
  assert.deepEqual(parsed.splice(0), []);
});
