import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bilingual, localized, msg, plural } from '../../server/src/core/l10n';
import { ROOT } from '../helpers/knowledge';

interface Strings {
  l10nMessages(dir: string): string[];
  serverMessages(dirs: string[]): { messages: string[]; unchecked: string[] };
}
const strings = async (): Promise<Strings> =>
  (await import(pathToFileURL(path.join(ROOT, 'scripts/l10n-strings.mjs')).href)) as Strings;
const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<
  string,
  string
>;
const placeholders = (s: string): string[] => [...s.matchAll(/\{\d+\}/g)].map((x) => x[0]).sort();

test('every server and CLI message has a zh-cn translation with the same placeholders', async () => {
  const { messages, unchecked } = (await strings()).serverMessages([
    path.join(ROOT, 'server/src'),
    path.join(ROOT, 'shared'),
  ]);
  assert.ok(messages.length > 100, `${messages.length} messages`);
  assert.deepEqual(unchecked, [], 'a message must be a literal at its call so this test can see it');
  assert.deepEqual(
    messages.filter((m) => !bundle[m]?.trim()),
    [],
    'missing in l10n/bundle.l10n.zh-cn.json',
  );
  for (const m of messages) assert.deepEqual(placeholders(bundle[m]), placeholders(m), m);
  assert.ok(
    messages.filter((m) => /[\u4e00-\u9fff]/.test(bundle[m])).length > messages.length * 0.8,
    'mostly translated',
  );
});

test('the bundle has no key that neither the client nor the server uses', async () => {
  const s = await strings();
  const used = new Set([
    ...s.l10nMessages(path.join(ROOT, 'client/src')),
    ...s.serverMessages([path.join(ROOT, 'server/src'), path.join(ROOT, 'shared')]).messages,
  ]);
  assert.deepEqual(
    Object.keys(bundle).filter((k) => !used.has(k)),
    [],
  );
});

test('the catalog: English is the key, placeholders in either locale, Text arguments follow the locale, plurals', () => {
  assert.equal(msg('en', 'Status'), 'Status');
  assert.equal(msg('zh-cn', 'Status'), bundle.Status);
  assert.notEqual(bundle.Status, 'Status');
  assert.equal(msg('en', 'Explain: {0}', 'x'), 'Explain: x');
  assert.equal(msg('zh-cn', 'Explain: {0}', 'x'), bundle['Explain: {0}'].replace('{0}', 'x'));
  const level = bilingual('the top level');
  const both = bilingual('Unknown key {0} in {1}.', '"k"', level);
  assert.equal(both.en, 'Unknown key "k" in the top level.');
  assert.ok(both.zh.includes(level.zh) && !both.zh.includes(level.en), both.zh);
  // switching locales back and forth keeps each call in its own locale
  assert.equal(msg('en', 'Status'), 'Status');
  assert.equal(plural('en', 1, '{0} finding', '{0} findings'), '1 finding');
  assert.equal(plural('en', 3, '{0} finding', '{0} findings'), '3 findings');
  assert.equal(msg('en', 'A message no bundle has {0}', 7), 'A message no bundle has 7');
});

test('knowledge data: the _zh twin in zh-cn, the field itself otherwise', () => {
  const entry = { title: 'Socket closed', title_zh: '套接字已关闭', note: 'only en' };
  assert.equal(localized(entry, 'title', 'zh-cn'), '套接字已关闭');
  assert.equal(localized(entry, 'title', 'en'), 'Socket closed');
  assert.equal(localized(entry, 'note', 'zh-cn'), 'only en');
});
