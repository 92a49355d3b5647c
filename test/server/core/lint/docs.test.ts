import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { renderRulesMarkdown, RULES_BEGIN, RULES_END, withRulesSection } from '../../../../server/src/core/lint/docs';
import { RULES } from '../../../../server/src/core/lint/rules/index';

const ROOT = path.resolve(__dirname, '../../../../..');
const RULES_DIR = path.join(ROOT, 'server/src/core/lint/rules');

test('every rule module is registered, describes itself, and is the only place its code is written', () => {
  const modules = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  assert.equal(RULES.length, modules.length);
  assert.ok(RULES.length >= 20);
  const codes = RULES.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const r of RULES) {
    assert.match(r.code, /^sc\/[a-z-]+$/);
    assert.ok(r.title.en && r.title.zh && r.title.zh !== r.title.en, r.code);
    assert.match(r.docs, /\*\*What\*\*/, r.code);
  }
  // rules report through their meta: no code literal anywhere else in the lint
  for (const dir of [path.join(ROOT, 'server/src/core/lint'), RULES_DIR]) {
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const literals = [...text.matchAll(/'(sc\/[a-z-]+)'/g)].map((m) => m[1]);
      if (dir === RULES_DIR) assert.ok(literals.length <= 1, `${f}: ${literals.join(', ')}`);
      else assert.deepEqual(literals, [], f);
    }
  }
});

test("docs/lint.md's Rules section is the one generated from the rules' meta (npm run docs)", () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/lint.md'), 'utf8');
  assert.ok(doc.includes(RULES_BEGIN) && doc.includes(RULES_END));
  assert.equal(withRulesSection(doc), doc, 'run `npm run docs`');
  const sections = [...doc.matchAll(/^### (sc\/[a-z-]+)$/gm)].map((m) => m[1]);
  assert.deepEqual(
    sections,
    RULES.map((r) => r.code),
  );
  assert.ok(renderRulesMarkdown().includes('### sc/duration-format\nInvalid duration format.'));
});
