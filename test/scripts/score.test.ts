// Scoring arithmetic of `npm run score` (scripts/score/lib.mjs), the label carry-over of the
// container wrappings (scripts/capture/wrap.mjs), and the shape of every labels.json in the captures.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CAPTURED = path.join(ROOT, 'test', 'fixtures', 'captured');

interface Entry {
  events: { lines: string | string[]; id?: string }[];
  context?: (string | string[])[];
  lookalikes?: { lines: string | string[]; why: string }[];
}
interface Score {
  events: number;
  found: number;
  tp: number;
  dup: number;
  fp: number;
  neutral: number;
  lookalikeHits: number;
  negativeFindings: number;
  idExpected: number;
  idAgree: number;
  missed: { index: number }[];
  verdicts: { line: number; verdict: string }[];
}
interface Lib {
  parseLines(spec: string | string[]): number[];
  validateLabels(e: unknown, lineCount?: number): string[];
  scoreFile(e: Entry, findings: { line: number; id?: string }[]): Score;
  totals(scored: { score: Score }[]): Score & {
    recall: number | null;
    precision: number | null;
    idAgreement: number | null;
    files: number;
    negatives: number;
  };
  groupBy(
    scored: { score: Score; impl: string }[],
    key: (s: { impl: string }) => string,
  ): { key: string; recall: number | null; precision: number | null; files: number }[];
}
interface Wrap {
  wrapLines(lines: string[], form: string, o?: { partial?: number; date?: string }): { out: string[]; map: number[][] };
  mapLabels(e: Entry, map: number[][]): Entry;
}
const lib = (): Promise<Lib> => import(pathToFileURL(path.join(ROOT, 'scripts/score/lib.mjs')).href) as Promise<Lib>;
const wrap = (): Promise<Wrap> =>
  import(pathToFileURL(path.join(ROOT, 'scripts/capture/wrap.mjs')).href) as Promise<Wrap>;

test('line specs: single lines, ranges and lists; bad specs throw', async () => {
  const { parseLines } = await lib();
  assert.deepEqual(parseLines('7'), [7]);
  assert.deepEqual(parseLines('12-15'), [12, 13, 14, 15]);
  assert.deepEqual(parseLines(['20', '3-4', '4']), [3, 4, 20]);
  assert.throws(() => parseLines('5-3'));
  assert.throws(() => parseLines('0'));
  assert.throws(() => parseLines('line 4'));
});

test('labels validation: overlapping events, past-the-end lines', async () => {
  const { validateLabels } = await lib();
  assert.deepEqual(validateLabels({ events: [{ lines: '2-4' }], context: ['5'] }, 10), []);
  assert.match(
    validateLabels({ events: [{ lines: '2-4' }, { lines: '4' }] }, 10).join(),
    /line 4 is in event 1 and in event 2/,
  );
  assert.match(validateLabels({ events: [{ lines: '9-11' }] }, 10).join(), /past the end/);
  assert.deepEqual(validateLabels({}), ['events must be a list']);
});

test('one finding per event is a true positive; a second one on the same event is a duplicate', async () => {
  const { scoreFile } = await lib();
  const entry: Entry = {
    events: [
      { lines: '10-14', id: 'a/x' },
      { lines: '20', id: 'a/y' },
    ],
    context: ['9'],
    lookalikes: [{ lines: '30-32', why: 'local cancel' }],
  };
  const s = scoreFile(entry, [
    { line: 13, id: 'a/z' },
    { line: 10, id: 'a/x' },
    { line: 9 },
    { line: 31 },
    { line: 40 },
  ]);
  assert.equal(s.events, 2);
  assert.equal(s.found, 1);
  assert.equal(s.tp, 1);
  assert.equal(s.dup, 1);
  assert.equal(s.neutral, 1);
  assert.equal(s.fp, 2);
  assert.equal(s.lookalikeHits, 1);
  assert.deepEqual(
    s.missed.map((m) => m.index),
    [1],
  );
  // sorted by line: line 10 is the true positive, line 13 the duplicate
  assert.deepEqual(
    s.verdicts.map((v) => `${v.line}:${v.verdict}`),
    ['9:context', '10:tp', '13:duplicate', '31:fp-lookalike', '40:fp'],
  );
  assert.equal(s.idExpected, 2);
  assert.equal(s.idAgree, 1);
});

test('a finding on a negative file is a false positive and counted as such', async () => {
  const { scoreFile } = await lib();
  const s = scoreFile({ events: [] }, [{ line: 3 }]);
  assert.equal(s.fp, 1);
  assert.equal(s.negativeFindings, 1);
  const clean = scoreFile({ events: [] }, []);
  assert.equal(clean.fp + clean.tp + clean.dup, 0);
});

test('totals and groups: recall = found/events, precision = tp/(tp+dup+fp), null when undefined', async () => {
  const { scoreFile, totals, groupBy } = await lib();
  const a = {
    impl: 'go',
    score: scoreFile({ events: [{ lines: '1' }, { lines: '2' }, { lines: '3' }, { lines: '4' }] }, [
      { line: 1 },
      { line: 2 },
      { line: 2 },
      { line: 9 },
    ]),
  };
  const b = { impl: 'py', score: scoreFile({ events: [] }, []) };
  const t = totals([a, b]);
  assert.equal(t.recall, 2 / 4);
  assert.equal(t.precision, 2 / 4);
  assert.equal(t.files, 2);
  assert.equal(t.negatives, 1);
  const g = groupBy([a, b], (s) => s.impl);
  assert.deepEqual(
    g.map((r) => [r.key, r.recall, r.precision, r.files]),
    [
      ['go', 0.5, 0.5, 1],
      ['py', null, null, 1],
    ],
  );
});

test('wrapping: CRI splits long lines into P pieces and the labels follow every piece', async () => {
  const { wrapLines, mapLabels } = await wrap();
  const lines = [
    '# grpc-doctor capture: client output | x | 2026-12-04',
    'short',
    'x'.repeat(25),
    'E1204 10:00:00.000000   1 chttp2_transport.cc:1 ] e',
  ];
  const { out, map } = wrapLines(lines, 'cri', { partial: 10, date: '2026-12-04' });
  assert.equal(out[0], `${lines[0]} | wrapped cri`);
  assert.equal(out[1], '2026-12-04T10:00:00.000000000Z stdout F short');
  assert.deepEqual(
    out.slice(2, 5).map((l) => l.split(' ')[2]),
    ['P', 'P', 'F'],
  );
  assert.equal(
    out
      .slice(2, 5)
      .map((l) => l.slice(l.indexOf(' ', l.indexOf(' ', 31) + 1) + 1))
      .join(''),
    'x'.repeat(25),
  );
  assert.deepEqual(map, [[1], [2], [3, 4, 5], [6, 7, 8, 9, 10, 11]]);
  const mapped = mapLabels({ events: [{ lines: '3', id: 'a' }, { lines: ['2', '4'] }], context: ['1'] }, map);
  assert.deepEqual(
    mapped.events.map((e) => e.lines),
    ['3-5', ['2', '6-11']],
  );
  assert.deepEqual(mapped.context, ['1']);
});

test('wrapping: docker, kubectl and journald keep one line per line', async () => {
  const { wrapLines } = await wrap();
  for (const [form, re] of [
    ['docker', /^2026-12-04T10:00:00\.\d{9}Z a$/],
    ['kubectl', /^\[pod\/[^\]]+\] a$/],
    ['journald', /^Dec 04 10:00:00 node-1 app\[4242\]: a$/],
  ] as const) {
    const { out, map } = wrapLines(['a', 'b'], form, { date: '2026-12-04' });
    assert.match(out[0], re, form);
    assert.deepEqual(map, [[1], [2]]);
  }
});

test('every labels.json in the captures is well formed and points at real lines', async () => {
  const { validateLabels } = await lib();
  const walk = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? walk(path.join(d, e.name)) : e.name === 'labels.json' ? [path.join(d, e.name)] : [],
      );
  const files = walk(CAPTURED);
  assert.ok(files.length >= 5, `only ${files.length} labels files`);
  let labelled = 0;
  for (const lf of files) {
    const doc = JSON.parse(fs.readFileSync(lf, 'utf8')) as { files: Record<string, unknown> };
    for (const [name, entry] of Object.entries(doc.files)) {
      const abs = path.join(path.dirname(lf), name);
      assert.ok(fs.existsSync(abs), `${abs} is labelled but missing`);
      const bytes = fs.readFileSync(abs);
      const sha1 = (entry as { sha1?: string }).sha1;
      assert.ok(sha1, `${abs}: labels carry no sha1 (node scripts/score/run.mjs --stamp)`);
      assert.equal(
        crypto.createHash('sha1').update(bytes).digest('hex').slice(0, 12),
        sha1,
        `${abs} changed since it was labelled`,
      );
      const n = bytes.toString('utf8').replace(/\n$/, '').split('\n').length;
      assert.deepEqual(validateLabels(entry, n), [], abs);
      for (const ev of (entry as Entry).events) {
        if (ev.id)
          assert.ok(
            fs.existsSync(path.join(ROOT, 'knowledge', 'entries', `${ev.id.replace('/', '--')}.json`)),
            `${abs}: unknown knowledge id ${ev.id}`,
          );
      }
      labelled++;
    }
  }
  assert.ok(labelled >= 50, `only ${labelled} labelled files`);
});
