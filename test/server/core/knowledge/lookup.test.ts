import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { KnowledgeEntry } from '../../../../shared/knowledge';
import { lookupEntries, tokens } from '../../../../server/src/core/knowledge/lookup';
import { defaultKnowledge } from '../../../../server/src/project/knowledgeFiles';

const { entries } = defaultKnowledge();
const first = (query: string, kb: readonly KnowledgeEntry[] = entries): string | undefined =>
  lookupEntries(kb, query, { limit: 3 })[0]?.id;

test('words: lower-case ASCII words and CJK pairs', () => {
  assert.deepEqual(tokens('GOAWAY: too_many_pings 连接排空'), ['goaway', 'too_many_pings', '连接', '接排', '排空']);
});

test('misspelled words, word prefixes, Chinese text and pasted lines find the entry', () => {
  for (const e of entries.filter((x) => !x.lookalike)) {
    assert.equal(first(e.id), e.id, 'id');
    const pasted = e.examples.match[0];
    if (e.patterns.some((p) => p.literal && p.literal.length >= 6 && pasted.includes(p.literal))) {
      assert.equal(lookupEntries(entries, pasted, { limit: 1 })[0].score, 1, pasted);
    }
  }
  const reading = entries.find((e) => e.id === 'grpc-go/error-reading-from-server')!;
  assert.equal(first('eror reding from servr'), reading.id);
  assert.equal(first('tranport is closing'), 'grpc-go/transport-is-closing');
  assert.equal(first('connection is drain'), 'grpc-go/connection-is-draining');
  assert.equal(first('连接正在排空'), 'grpc-go/connection-is-draining');
  assert.deepEqual(lookupEntries(entries, 'qqqq zzzz'), []);
});

test('the right entry stays first in a knowledge base of thousands of similar entries', () => {
  const big: KnowledgeEntry[] = [];
  for (let i = 0; i < 3000; i++) {
    const base = entries[i % entries.length];
    big.push({
      ...base,
      id: `synthetic/${i}`,
      title: `${base.title} variant ${i}`,
      patterns: base.patterns.map((p) => (p.literal ? { ...p, literal: `${p.literal} v${i}` } : p)),
    });
  }
  big.push({
    ...entries[0],
    id: 'special/blackhole',
    title: 'Load balancer blackholed the stream',
    patterns: [{ ...entries[0].patterns[0], literal: 'stream blackholed by balancer' }],
  });
  assert.equal(first('blackholed stream', big), 'special/blackhole');
  assert.equal(first('blakholed', big), 'special/blackhole');
  const top = lookupEntries(big, 'context canceled', { limit: 5 });
  assert.equal(top.length, 5);
  for (const m of top) assert.match(m.title, /cancel/i);
});
