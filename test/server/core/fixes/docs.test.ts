import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { LANGUAGES } from '../../../../shared/languages';
import { TABLE_BEGIN, TABLE_END, withQuickFixTable } from '../../../../server/src/core/fixes/docs';
import { languageSupport, PROVIDERS } from '../../../../server/src/core/fixes/index';

const ROOT = path.resolve(__dirname, '../../../../..');

test('every language row with quick fixes has a provider, and every provider describes itself', () => {
  for (const l of LANGUAGES) if (l.fixes) assert.equal(languageSupport(l.fixes).language, l.fixes, l.id);
  const used = new Set(LANGUAGES.map((l) => l.fixes).filter((f) => f !== undefined));
  for (const p of PROVIDERS) {
    assert.ok(used.has(p.language), `${p.language} is reachable from the language registry`);
    assert.ok(p.meta.name && p.meta.channel.includes('`') && p.meta.server.includes('`'), p.language);
  }
});

test("docs/quickfixes.md's table is the one generated from the providers (npm run docs)", () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/quickfixes.md'), 'utf8');
  assert.ok(doc.includes(TABLE_BEGIN) && doc.includes(TABLE_END));
  assert.equal(withQuickFixTable(doc), doc, 'run `npm run docs`');
  for (const p of PROVIDERS) assert.ok(doc.includes(p.meta.channel) && doc.includes(p.meta.server), p.language);
});
