import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../helpers/knowledge';

/**
 * The bundles leave fuse.js and protobufjs out and require them from server/out/lib/ on first use
 * (scripts/build.mjs). Run the bundled CLI with no node_modules reachable, so only lib/ can answer.
 */
function bundledCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-lazy-'));
  // a copy of the built files outside the checkout: `require` cannot fall back to the repository's node_modules
  for (const f of ['cli.js', 'knowledge.json', 'schema.json'])
    fs.copyFileSync(path.join(ROOT, 'server/out', f), path.join(dir, f));
  fs.cpSync(path.join(ROOT, 'server/out/lib'), path.join(dir, 'lib'), { recursive: true });
  try {
    const r = spawnSync(process.execPath, [path.join(dir, 'cli.js'), ...args], {
      encoding: 'utf8',
      cwd: dir,
      timeout: 30_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a lookup no word matches ranks with fuse.js from lib/', () => {
  // two words run together: no indexed word, prefix or one-typo match, so fuse.js ranks
  const r = bundledCli(['explain', 'connectionreset', '--format', 'json']);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.match((JSON.parse(r.stdout) as { id: string }).id, /connection-reset/);
});

test('service-config names are checked against .proto files read with protobufjs from lib/', () => {
  const proj = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-proto-'));
  try {
    fs.writeFileSync(
      path.join(proj, 'echo.proto'),
      'syntax = "proto3";\npackage echo;\nmessage Req { string m = 1; }\nservice Echo {\n  rpc UnaryEcho(Req) returns (Req);\n}\n',
    );
    fs.writeFileSync(
      path.join(proj, 'service_config.json'),
      '{"methodConfig": [{"name": [{"service": "echo.Echo", "method": "UnaryEko"}], "timeout": "1s"}]}\n',
    );
    const r = bundledCli(['scan', '--format', 'json', proj]);
    assert.equal(r.stderr, '');
    const ids = (JSON.parse(r.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    assert.ok(ids.includes('sc/unknown-method'), `the misspelt method is found from the .proto (${ids.join(', ')})`);
  } finally {
    fs.rmSync(proj, { recursive: true, force: true });
  }
});
