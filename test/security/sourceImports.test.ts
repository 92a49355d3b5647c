/**
 * Source-level security checks (the bundles are checked in bundles.test.ts): no module of the server,
 * the client or shared code reaches the network, runs programs or writes files by itself.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers/knowledge';

const SOURCE_DIRS = ['server/src', 'client/src', 'shared'];

/** Node modules that reach the network, run programs or run code from strings. */
const FORBIDDEN = [
  'child_process',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'dgram',
  'dns',
  'cluster',
  'vm',
  'inspector',
  'worker_threads',
];

/**
 * The documented exceptions (SECURITY.md): the LSP transports (the libraries open the pipe/socket and
 * spawn the server process; our code never does), and worker threads for `grpc-doctor scan --jobs`
 * (they run the CLI's own bundle on files it was given; no other program).
 */
const ALLOWED: Record<string, string[]> = {
  worker_threads: ['server/src/cli/entry.ts', 'server/src/cli/parallel.ts'],
  'vscode-languageserver/node': ['server/src/lsp/main.ts'],
  'vscode-languageclient/node': ['client/src/client.ts', 'client/src/extension.ts'],
};

/** Globals and APIs that would do the same without an import. */
const FORBIDDEN_CALLS: [RegExp, string][] = [
  [/\bfetch\s*\(/, 'fetch()'],
  [/\bnew\s+(WebSocket|XMLHttpRequest|EventSource)\b/, 'a network client'],
  [/\beval\s*\(|\bnew\s+Function\s*\(/, 'code from strings'],
  [/process\.(binding|dlopen)\s*\(/, 'native bindings'],
  [
    /\b(writeFile|appendFile|mkdir|mkdtemp|rm|rmdir|unlink|rename|copyFile|cp|symlink|link|chmod|chown|truncate|utimes|createWriteStream)(Sync)?\s*\(/,
    'a file-system write',
  ],
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|mts|cts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}

/** Every module specifier (import/export … from, import(), require()), with whether it is type-only. */
function specifiers(code: string): { name: string; typeOnly: boolean }[] {
  const found: { name: string; typeOnly: boolean }[] = [];
  for (const m of code.matchAll(
    /\b(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    found.push({ name: m[3] ?? m[4] ?? m[5], typeOnly: !!m[2] });
  }
  return found;
}

/** Code without comments and string contents, so prose and snippets for the user's code do not count. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:\\])\/\/[^\n]*/g, '$1')
    .replace(/`(?:\\[\s\S]|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, '""');
}

const files = SOURCE_DIRS.flatMap(sourceFiles);

test('no source module imports a network/process module, except the documented LSP-transport and worker exceptions', () => {
  assert.ok(files.length > 50, `found the sources (${files.length})`);
  const seen = new Set<string>();
  const bad: string[] = [];
  for (const file of files) {
    for (const { name, typeOnly } of specifiers(fs.readFileSync(path.join(ROOT, file), 'utf8'))) {
      const bare = name.replace(/^node:/, '');
      const isForbidden = FORBIDDEN.includes(bare.split('/')[0]) || bare in ALLOWED;
      if (!isForbidden || typeOnly) continue;
      seen.add(bare);
      if (!ALLOWED[bare]?.includes(file)) bad.push(`${file} imports ${name}`);
    }
  }
  assert.deepEqual(bad, []);
  // The exceptions are real (else the list is stale and should shrink).
  for (const name of Object.keys(ALLOWED))
    assert.ok(seen.has(name), `${name} is no longer imported: drop the exception`);
});

test('no source module calls fetch, opens sockets by global, evaluates strings or writes files', () => {
  const bad: string[] = [];
  for (const file of files) {
    const code = codeOnly(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    for (const [pattern, what] of FORBIDDEN_CALLS) {
      const m = pattern.exec(code);
      if (m) bad.push(`${file}: ${what} (${m[0]})`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the checks can fail: they see forbidden imports and calls', () => {
  assert.deepEqual(
    specifiers(
      "import { spawn } from 'node:child_process';\nconst h = require('https');\nimport type { X } from 'net';",
    ),
    [
      { name: 'node:child_process', typeOnly: false },
      { name: 'https', typeOnly: false },
      { name: 'net', typeOnly: true },
    ],
  );
  const code = codeOnly("// fetch(x) in a comment\nconst s = 'fs.writeFileSync(p)';\nfs.writeFileSync(p, d);");
  assert.ok(!/fetch/.test(code) && FORBIDDEN_CALLS.some(([p]) => p.test(code)));
});
