import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers/knowledge';

/** Node modules that would let the tool reach the network or run programs. */
const FORBIDDEN = [
  'child_process',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'dgram',
  'dns',
  'worker_threads',
  'cluster',
  'vm',
];

/** What each bundle may use and why (the LSP transports need sockets/pipes). */
const ALLOWED: Record<string, string[]> = {
  'server/out/cli.js': ['worker_threads'],
  'server/out/server.js': ['net', 'child_process'],
  'client/out/extension.js': ['net', 'child_process'],
  'server/out/lib/fuse.js': [],
  'server/out/lib/protobufjs.js': [],
};

function requiredModules(code: string): Set<string> {
  const found = new Set<string>();
  for (const m of code.matchAll(
    /require\(\s*["'](?:node:)?([a-z_0-9/]+)["']\s*\)|from\s*["'](?:node:)?([a-z_0-9/]+)["']/g,
  )) {
    found.add((m[1] ?? m[2]).split('/')[0]);
  }
  return found;
}

test('bundles import no network or process modules beyond what the LSP transport needs', () => {
  for (const [bundle, allowed] of Object.entries(ALLOWED)) {
    const file = path.join(ROOT, bundle);
    if (!fs.existsSync(file)) continue;
    const used = requiredModules(fs.readFileSync(file, 'utf8'));
    const bad = FORBIDDEN.filter((m) => used.has(m) && !allowed.includes(m));
    assert.deepEqual(bad, [], `${bundle} imports ${bad.join(', ')}`);
  }
});

test('the CLI bundle uses no network or process module at all', () => {
  const used = requiredModules(fs.readFileSync(path.join(ROOT, 'server/out/cli.js'), 'utf8'));
  assert.ok(used.has('fs'), 'sanity: the scan finds requires');
  for (const m of ['child_process', 'http', 'https', 'net', 'tls', 'dgram', 'dns']) assert.ok(!used.has(m), m);
});
