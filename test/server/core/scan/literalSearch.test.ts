import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildAutomaton, runOnBytes, runOnString } from '../../../helpers/ahoCorasick';
import { buildLiteralSearch, searchBytes, searchString } from '../../../../server/src/core/scan/literalSearch';

function naive(text: string, literals: readonly string[], from = 0, to = text.length): string[] {
  const hits: string[] = [];
  for (let end = from + 1; end <= to; end++) {
    literals.forEach((l, i) => {
      if (end - l.length >= from && text.slice(end - l.length, end) === l) hits.push(`${end}:${i}`);
    });
  }
  return hits.sort();
}

function viaString(literals: readonly string[], text: string, from = 0, to = text.length): string[] {
  const got: string[] = [];
  searchString(buildLiteralSearch(literals), text, from, to, (end, li) => got.push(`${end}:${li}`));
  return got;
}

test('finds every occurrence, overlapping and nested, in order of start offset', () => {
  const literals = ['hers', 'ushers', 'GOAWAY received', 'GOAWAY received; Error code: 11', 'd; E'];
  const text = 'ushers; x GOAWAY received; Error code: 11; Debug Text: too_many_pings hershers';
  const got = viaString(literals, text);
  assert.deepEqual([...got].sort(), naive(text, literals));
  const starts = got.map((h) => Number(h.split(':')[0]) - literals[Number(h.split(':')[1])].length);
  assert.deepEqual(
    starts,
    [...starts].sort((a, b) => a - b),
  );
});

test('respects [from, to): no hit may start before from or end after to', () => {
  const literals = ['closed', 'Socket closed'];
  const text = 'Socket closed; Socket closed; Socket closed';
  assert.deepEqual(viaString(literals, text, 3, 28).sort(), naive(text, literals, 3, 28));
  assert.deepEqual(viaString(literals, text, 0, 12), []);
});

test('agrees with the Aho–Corasick automaton on random literals and texts (bytes and UTF-16, non-ASCII mixed in)', () => {
  const alphabet = fc.constantFrom('a', 'b', 'c', ' ', ':', 'é', '断', '\u0161', '\u0100b');
  const literal = fc
    .array(fc.constantFrom('a', 'b', 'c', ' ', ':'), { minLength: 4, maxLength: 9 })
    .map((a) => a.join(''));
  fc.assert(
    fc.property(
      fc.uniqueArray(literal, { minLength: 1, maxLength: 6 }),
      fc.array(alphabet, { maxLength: 300 }),
      (literals, chars) => {
        const text = chars.join('');
        const automaton = buildAutomaton(literals);
        const search = buildLiteralSearch(literals);
        const expected: string[] = [];
        runOnString(automaton, text, 0, text.length, (end, li) => expected.push(`${end}:${li}`));
        assert.deepEqual(viaString(literals, text).sort(), expected.sort());
        const bytes = Buffer.from(text, 'utf8');
        const fromAutomaton: string[] = [];
        runOnBytes(automaton, bytes, 0, bytes.length, (end, li) => fromAutomaton.push(`${end}:${li}`));
        const fromSearch: string[] = [];
        searchBytes(search, bytes, 0, bytes.length, (end, li) => fromSearch.push(`${end}:${li}`));
        assert.deepEqual(fromSearch.sort(), fromAutomaton.sort());
      },
    ),
    { numRuns: 300, seed: 8 },
  );
});

test('a code unit above 0xff that hashes like a literal block is verified, never matched', () => {
  // 0x161 ('š') shares its low bits with 'a' in the hash; only the exact text may match.
  const literals = ['abcd'];
  assert.deepEqual(viaString(literals, 'xx\u0161bcd abcd'), ['11:0']);
});

test('rejects literals that are too short or not ASCII', () => {
  assert.throws(() => buildLiteralSearch(['ab']), /shorter/);
  assert.throws(() => buildLiteralSearch(['断开连接']), /non-ASCII/);
  assert.throws(() => buildLiteralSearch([]), /no literals/);
});
