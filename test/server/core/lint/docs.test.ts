import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULE_TITLES } from '../../../../server/src/core/lint/ruleInfo';

const ROOT = path.resolve(__dirname, '../../../../..');

test('every rule code the lint emits has a title and a docs/lint.md section, and nothing else is documented', () => {
  const source = fs.readFileSync(path.join(ROOT, 'server/src/core/lint/rules.ts'), 'utf8');
  const emitted = [...new Set([...source.matchAll(/'(sc\/[a-z-]+)'/g)].map((m) => m[1]))].sort();
  assert.ok(emitted.length >= 20);
  assert.deepEqual(Object.keys(RULE_TITLES).sort(), emitted);
  const docs = fs.readFileSync(path.join(ROOT, 'docs/lint.md'), 'utf8');
  const sections = [...docs.matchAll(/^### (sc\/[a-z-]+)$/gm)].map((m) => m[1]).sort();
  assert.deepEqual(sections, emitted);
  for (const t of Object.values(RULE_TITLES)) assert.ok(t.en && t.zh);
});
