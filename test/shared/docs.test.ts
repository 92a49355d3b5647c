import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS_SCHEMA } from '../../shared/settings';
import { EntryRequest, LookupRequest, ReportRequest, ScanTextRequest } from '../../shared/protocol';
import { ROOT } from '../helpers/knowledge';
import { runCli } from '../../server/src/cli/main';

const read = (name: string): string => fs.readFileSync(path.join(ROOT, name), 'utf8');

test('docs/settings.md lists every setting with its default', () => {
  const doc = read('docs/settings.md');
  for (const [key, spec] of Object.entries(SETTINGS_SCHEMA)) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`grpcDoctor.${key}\` |`));
    assert.ok(row, `row for ${key}`);
    assert.ok(
      row.includes(`\`${JSON.stringify(spec.default)}\``),
      `${key} default ${JSON.stringify(spec.default)} in: ${row}`,
    );
  }
});

test('docs/editors.md: every editor config starts the bundled server over stdio', () => {
  const doc = read('docs/editors.md');
  const blocks = [...doc.matchAll(/```(lua|toml|elisp|json)\n([\s\S]*?)```/g)].map((m) => m[2]);
  const starting = blocks.filter((b) => b.includes('server.js'));
  assert.ok(starting.length >= 6, 'Neovim ×3, Helix, Emacs, Sublime');
  for (const b of starting) assert.match(b, /server\/out\/server\.js"?'?,?\s*"?'?--stdio/, b);
});

test('docs/protocol.md documents every custom request', () => {
  const doc = read('docs/protocol.md');
  for (const method of [LookupRequest.method, EntryRequest.method, ScanTextRequest.method, ReportRequest.method])
    assert.ok(doc.includes(`### \`${method}\``), method);
});

test('README: the example output is what the CLI prints for that file today', async () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```\n\$ grpc-doctor scan (\S+)\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README has a `$ grpc-doctor scan <file>` example');
  let stdout = '';
  const cwd = process.cwd();
  process.chdir(ROOT); // the example shows a path relative to the repository
  try {
    await runCli(['scan', block[1]], {
      stdout: (s: string) => {
        stdout += s;
      },
      stderr: () => undefined,
      stdin: async function* () {
        /* none */
      },
      isTty: false,
      env: {},
    });
  } finally {
    process.chdir(cwd);
  }
  const shown = block[2].trimEnd().split('\n');
  assert.deepEqual(stdout.split('\n').slice(0, shown.length), shown);
});
