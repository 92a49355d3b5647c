import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS_SCHEMA } from '../../shared/settings';
import { EntryRequest, LookupRequest, ScanTextRequest } from '../../shared/protocol';
import { ROOT } from '../helpers/knowledge';

const read = (name: string): string => fs.readFileSync(path.join(ROOT, name), 'utf8');

test('docs/settings.md lists every setting with its default', () => {
  const doc = read('docs/settings.md');
  for (const [key, spec] of Object.entries(SETTINGS_SCHEMA)) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`grpcDoctor.${key}\` |`));
    assert.ok(row, `row for ${key}`);
    assert.ok(row.includes(`\`${JSON.stringify(spec.default)}\``), `${key} default ${JSON.stringify(spec.default)} in: ${row}`);
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
  for (const method of [LookupRequest.method, EntryRequest.method, ScanTextRequest.method]) assert.ok(doc.includes(`### \`${method}\``), method);
});
