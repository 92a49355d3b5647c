import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildAutomaton, runOnBytes, runOnString } from '../../../helpers/ahoCorasick';

function naive(text: string, literals: string[]): string[] {
  const hits: string[] = [];
  for (let end = 1; end <= text.length; end++) {
    literals.forEach((l, i) => {
      if (end >= l.length && text.slice(end - l.length, end) === l) hits.push(`${end}:${i}`);
    });
  }
  return hits.sort();
}

test('finds every occurrence, including overlapping and nested literals', () => {
  const literals = ['he', 'she', 'his', 'hers', 'GOAWAY received', 'GOAWAY received; Error code: 11'];
  const text = 'ushers; x GOAWAY received; Error code: 11; Debug Text: too_many_pings she';
  const a = buildAutomaton(literals);
  const got: string[] = [];
  runOnString(a, text, 0, text.length, (end, lit) => got.push(`${end}:${lit}`));
  assert.deepEqual(got.sort(), naive(text, literals));
});

test('bytes and strings agree, and non-ASCII input never matches ASCII literals', () => {
  const literals = ['Socket closed', 'closed'];
  const text = 'é Socket closed ✓ 断开 closed';
  const a = buildAutomaton(literals);
  const s: number[] = [];
  runOnString(a, text, 0, text.length, (_e, lit) => s.push(lit));
  const b: number[] = [];
  runOnBytes(a, Buffer.from(text, 'utf8'), 0, Buffer.byteLength(text), (_e, lit) => b.push(lit));
  assert.deepEqual(s, [0, 1, 1]);
  assert.deepEqual(b, s);
});

test('rejects non-ASCII and empty literals', () => {
  assert.throws(() => buildAutomaton(['断开连接']), /non-ASCII/);
  assert.throws(() => buildAutomaton(['']), /empty/);
});
