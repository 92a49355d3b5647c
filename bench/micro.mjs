// In-process measures (run in a child by bench/run.mjs, prints JSON): scanner throughput, editor-sized
// scans, lookup and hover-render latency on the real KB and on a synthetic 10 000-entry KB.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, rng } from './generate.mjs';

const require = createRequire(import.meta.url);
const out = (p) => require(path.join(ROOT, 'out', p));
const { compilePatterns } = out('server/src/core/scan/patterns.js');
const { scanText, scanLines } = out('server/src/core/scan/matcher.js');
const { searchBytes } = out('server/src/core/scan/literalSearch.js');
const { buildAutomaton, runOnBytes } = out('test/helpers/ahoCorasick.js');
const { lookupEntries } = out('server/src/core/knowledge/lookup.js');
const { renderEntryMarkdown } = out('server/src/core/knowledge/render.js');

const args = JSON.parse(process.argv[2]);
const entries = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/out/knowledge.json'), 'utf8'));
const now = () => performance.now();
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const result = {};

// compile
{
  const t = [];
  for (let i = 0; i < 5; i++) {
    const t0 = now();
    compilePatterns(entries);
    t.push(now() - t0);
  }
  result.compileMs = t;
}
const set = compilePatterns(entries);

// literal search throughput over the 100 MB log in memory (no I/O), and the reference automaton on 20 MB
{
  const data = fs.readFileSync(args.log100);
  const search = [];
  const automaton = [];
  const referenceAutomaton = buildAutomaton(set.literals); // the automaton the search replaced (test/helpers)
  for (let r = 0; r < args.reps; r++) {
    let t0 = now();
    let hits = 0;
    searchBytes(set.search, data, 0, data.length, () => hits++);
    search.push(data.length / 1e6 / ((now() - t0) / 1000));
    const slice = data.subarray(0, 20e6);
    t0 = now();
    runOnBytes(referenceAutomaton, slice, 0, slice.length, () => hits++);
    automaton.push(slice.length / 1e6 / ((now() - t0) / 1000));
  }
  result.searchMBps = search;
  result.automatonMBps = automaton;
}

// editor-sized documents: a 5 MB log (full scan) and a one-line rescan in a 100k-line document
{
  const text5 = fs.readFileSync(args.log5, 'utf8');
  const full = [];
  for (let r = 0; r < args.reps; r++) {
    const t0 = now();
    scanText(set, text5);
    full.push(now() - t0);
  }
  result.scan5MBms = full;
  const text = fs.readFileSync(args.doc100k, 'utf8');
  const offsets = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) offsets.push(i + 1);
  const r2 = rng(7);
  const one = [];
  for (let r = 0; r < args.reps; r++) {
    const lat = [];
    for (let k = 0; k < 200; k++) {
      const line = (r2() * (offsets.length - 1)) | 0;
      const t0 = now();
      scanLines(set, text, offsets, line, line);
      lat.push(now() - t0);
    }
    one.push(percentile(lat, 0.99));
  }
  result.scanOneLineP99ms = one;
}

// the language server's own work (no transport): DocumentFindings + findingsToDiagnostics, as the
// diagnostics handler runs them on open and after an incremental one-line edit
{
  const { DocumentFindings } = out('server/src/lsp/documents/documentFindings.js');
  const { findingsToDiagnostics } = out('server/src/lsp/features/diagnostics.js');
  const config = { set, includeLookalikes: false, key: 'bench' };
  const byId = new Map(entries.map((e) => [e.id, e]));
  const diagnose = (doc) => {
    doc.refresh(config);
    return findingsToDiagnostics(doc.findings(), byId, { locale: 'en', severity: 2, maxProblems: 1000 });
  };
  const text5 = fs.readFileSync(args.log5, 'utf8');
  const open = [];
  for (let r = 0; r < args.reps; r++) {
    const t0 = now();
    diagnose(new DocumentFindings(`file:///bench/5mb-${r}.log`, 'log', 1, text5));
    open.push(now() - t0);
  }
  result.serverOpen5MBms = open;
  const doc = new DocumentFindings('file:///bench/100k.log', 'log', 1, fs.readFileSync(args.doc100k, 'utf8'));
  diagnose(doc);
  const r3 = rng(3);
  const edit = [];
  for (let r = 0; r < args.reps; r++) {
    const lat = [];
    for (let k = 0; k < 100; k++) {
      const line = 100 + ((r3() * 99000) | 0);
      const t0 = now();
      doc.update(
        [
          {
            range: { start: { line, character: 0 }, end: { line, character: 5 } },
            text: k % 2 ? 'rpc error: code = Unavailable desc = the connection is draining ' : 'INFO ',
          },
        ],
        2 + r * 100 + k,
      );
      diagnose(doc);
      lat.push(now() - t0);
    }
    edit.push(percentile(lat, 0.99));
  }
  result.serverEditP99ms = edit;
}

// lookup: queries from the KB itself (pasted error lines, title words, ids, typos), p99 per run
function queriesFor(kb, n, seed) {
  const r = rng(seed);
  const qs = [];
  for (let i = 0; i < n; i++) {
    const e = kb[(r() * kb.length) | 0];
    const k = i % 5;
    if (k === 0) qs.push(e.examples?.match?.[0] ?? e.signature);
    else if (k === 1) qs.push(e.title.split(' ').slice(0, 3).join(' '));
    else if (k === 2) qs.push(e.id);
    else if (k === 3) qs.push(e.signature.replace(/[aeiou]/, 'x').slice(0, 30));
    else qs.push(e.title_zh.slice(0, 6));
  }
  return qs;
}
function lookupRuns(kb, reps) {
  const t0 = now();
  lookupEntries(kb, 'connection reset', { limit: 20 });
  const first = now() - t0;
  const qs = queriesFor(kb, 300, 11);
  const p99 = [];
  for (let r = 0; r < reps; r++) {
    const lat = qs.map((q) => {
      const s = now();
      lookupEntries(kb, q, { limit: 20 });
      return now() - s;
    });
    p99.push(percentile(lat, 0.99));
  }
  return { first, p99 };
}
/** 10 000 entries made from the real ones: same shape and text sizes, distinct ids, titles and literals. */
function syntheticKb(n) {
  const r = rng(99);
  const words = [
    'stream',
    'closed',
    'transport',
    'socket',
    'reset',
    'peer',
    'channel',
    'drain',
    'timeout',
    'ping',
    'broken',
    'pipe',
    'refused',
    'unavailable',
    'cancelled',
    'shutdown',
    'listener',
    'balancer',
    'resolver',
    'backoff',
  ];
  const w = () => words[(r() * words.length) | 0];
  const kb = [];
  for (let i = 0; i < n; i++) {
    const base = entries[i % entries.length];
    const phrase = `${w()} ${w()} ${w()} ${i.toString(36)}`;
    kb.push({
      ...base,
      id: `synthetic/${base.id.split('/')[1]}-${i}`,
      title: `${base.title} (${phrase})`,
      signature: `${base.signature} ${phrase}`,
      patterns: base.patterns.map((p) => (p.literal ? { ...p, literal: `${p.literal} ${phrase}` } : p)),
      examples: { ...base.examples, match: [`${base.examples?.match?.[0] ?? base.signature} ${phrase}`] },
    });
  }
  return kb;
}
{
  const real = lookupRuns(entries, args.reps);
  result.lookupFirstMs = [real.first];
  result.lookupP99ms = real.p99;
  const big = syntheticKb(10000);
  const synthetic = lookupRuns(big, args.reps);
  result.lookup10kFirstMs = [synthetic.first];
  result.lookup10kP99ms = synthetic.p99;
  const t0 = now();
  compilePatterns(big);
  result.compile10kMs = [now() - t0];
}

// hover: the Markdown of an entry for a finding (compact, as the hover shows it), both languages
{
  const text = entries.flatMap((e) => (e.examples?.match ?? []).map((m) => `${m}`)).join('\n');
  const findings = scanText(set, text, { includeLookalikes: true });
  const byId = new Map(entries.map((e) => [e.id, e]));
  const p99 = [];
  for (let r = 0; r < args.reps; r++) {
    const lat = [];
    for (let k = 0; k < 400; k++) {
      const f = findings[k % findings.length];
      const t0 = now();
      renderEntryMarkdown(byId.get(f.entryId), k % 2 ? 'zh-cn' : 'en', { finding: f, compact: true });
      lat.push(now() - t0);
    }
    p99.push(percentile(lat, 0.99));
  }
  result.hoverRenderP99ms = p99;
}
process.stdout.write(JSON.stringify(result));
