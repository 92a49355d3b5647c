import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { validateEntries } from '../../server/src/project/knowledgeLoad';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { scanText } from '../../server/src/core/scan/matcher';
import { compilePatterns } from '../../server/src/core/scan/patterns';
import { fixture, ROOT, shippedPatterns } from '../helpers/knowledge';

const knowledge = defaultKnowledge();
const entries = knowledge.entries;
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'knowledge/schema.json'), 'utf8')) as object;

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p, ext) : ext.test(d.name) ? [p] : [];
  });
}

test('every entry file validates against the schema, ids are unique and match file names', () => {
  assert.deepEqual(knowledge.problems, []);
  const files = fs.readdirSync(path.join(ROOT, 'knowledge/entries')).filter((f) => f.endsWith('.json'));
  assert.equal(entries.length, files.length);
  for (const e of entries) assert.ok(files.includes(`${e.id.replace('/', '--')}.json`), e.id);
});

test('a broken entry is reported and the others still load', () => {
  const good = entries[0];
  const r = validateEntries(
    [
      { file: 'good.json', data: good },
      { file: 'bad.json', data: { ...good, id: 'x/bad', status: { name: 'Unavailable', code: 14 } } },
      { file: 'dup.json', data: good },
    ],
    schema,
  );
  assert.deepEqual(
    r.entries.map((e) => e.id),
    [good.id],
  );
  assert.deepEqual(
    r.problems.map((p) => p.file),
    ['bad.json', 'dup.json'],
  );
  assert.match(r.problems[0].message, /status\/name/);
});

test('all patterns compile: no unsafe regex, no non-ASCII literal', () => {
  assert.deepEqual(shippedPatterns().problems, []);
});

test('related ids exist; verified entries cite a source file or a capture', () => {
  for (const e of entries) {
    for (const r of e.related) assert.ok(knowledge.byId.has(r), `${e.id} → ${r}`);
    if (e.verified)
      assert.ok(
        e.sources.some((s) => s.file || s.capture),
        `${e.id} is verified without a source file or capture`,
      );
    else assert.ok(e.unverified_note, `${e.id}: unverified entries explain why`);
  }
});

test('no bare numbers: rates only as measurements (or labelled seed claims)', () => {
  for (const e of entries) {
    for (const w of e.workarounds) {
      assert.doesNotMatch(`${w.text} ${w.text_zh}`, /\d+\s?%/, `${e.id}: percentage in workaround text`);
      if (w.claimedRate !== undefined) assert.ok(e.seed, `${e.id}: claimedRate only on the seed entry`);
      for (const m of w.measurements ?? []) assert.ok(m.successes <= m.runs);
    }
  }
});

test('each entry finds its own examples with the full shipped pattern set, and none of its near misses', () => {
  const set = shippedPatterns();
  for (const e of entries) {
    for (const line of e.examples.match) {
      const ids = scanText(set, line, { includeLookalikes: true }).map((f) => f.entryId);
      assert.ok(
        ids.includes(e.id),
        `${e.id} does not find its example:\n  ${line}\n  found: ${ids.join(', ') || 'nothing'}`,
      );
    }
    for (const line of e.examples.noMatch) {
      const ids = scanText(set, line, { includeLookalikes: true }).map((f) => f.entryId);
      assert.ok(!ids.includes(e.id), `${e.id} matches its near miss:\n  ${line}`);
    }
  }
});

test('every pattern matches at least one fixture line (examples or captured runs)', () => {
  const corpus = [
    ...entries.flatMap((e) => e.examples.match),
    ...filesUnder(fixture('captured'), /\.log$/).map((f) => fs.readFileSync(f, 'utf8')),
  ].join('\n');
  for (const e of entries) {
    for (const p of e.patterns) {
      const hit = p.literal ? corpus.includes(p.literal) : new RegExp(p.regex!).test(corpus);
      assert.ok(hit, `${e.id}: pattern ${p.literal ?? p.regex} matches no fixture line`);
    }
  }
});

test('negative fixtures (prose about shutdown) produce no findings', () => {
  for (const file of filesUnder(fixture('negative'), /\.log$/)) {
    const found = scanText(shippedPatterns(), fs.readFileSync(file, 'utf8'), { includeLookalikes: true });
    assert.deepEqual(
      found.map((f) => `${f.line + 1}: ${f.entryId} ${f.matched}`),
      [],
      file,
    );
  }
});

test('the seed entry is kept, unverified, with no detection pattern and links to real entries', () => {
  const seed = knowledge.byId.get('grpc/stream-interrupted-by-shutdown');
  if (!seed) return assert.fail('seed entry missing');
  assert.equal(seed.verified, false);
  assert.equal(seed.patterns.length, 0);
  assert.match(seed.signature, /CANCELLED: grpc: stream closed by server shutdown/);
  assert.ok(seed.related.length >= 3);
  assert.equal(compilePatterns([seed]).literals.length, 0);
});

test('families of the issue are all covered by at least one reported (non-look-alike) entry', () => {
  const families = new Set(entries.filter((e) => !e.lookalike).map((e) => e.family));
  for (const f of [
    'server-graceful-stop',
    'server-hard-stop',
    'client-channel-closed',
    'connection-lost',
    'goaway',
    'keepalive',
    'server-unreachable',
  ]) {
    assert.ok(families.has(f as never), `no entry for family ${f}`);
  }
  assert.ok(entries.some((e) => e.lookalike && e.family === 'deadline-exceeded'));
  assert.ok(entries.some((e) => e.lookalike && e.family === 'client-cancelled'));
});
