#!/usr/bin/env node
// Writes what the captures and measurements show into the knowledge entries, using the real scanner
// (compiled to out/ by tsc), so the entries stay true when captures or patterns change:
//  - evidence[]: one `captured-run` item per (entry, implementation + version, scenario) that a
//    capture under test/fixtures/captured/ shows (found by scanning the file), with the count;
//  - workarounds[].measurements / dead_ends[].measurements: the results.json records whose baseline
//    failures (scanned from what the client library printed) belong to the entry.
// Only fields this script owns are rewritten: evidence items with by === BY, and measurements.
//   node scripts/evidence/apply.mjs [--check]   (--check: exit 1 if an entry would change)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const ENTRIES = path.join(ROOT, 'knowledge', 'entries');
const CAPTURED = path.join(ROOT, 'test', 'fixtures', 'captured');
const RESULTS = path.join(ROOT, 'test', 'fixtures', 'evidence', 'results.json');
export const BY = 'npm run evidence (scripts/evidence/apply.mjs)';
const RESULTS_REF = 'test/fixtures/evidence/results.json';
const check = process.argv.includes('--check');

// ------------------------------------------------------------------ the real scanner
const scanJs = path.join(ROOT, 'out', 'server', 'src', 'cli', 'fileScanner.js');
if (!fs.existsSync(scanJs) || process.argv.includes('--compile')) {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const require = createRequire(import.meta.url);
const { compilePatterns } = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'scan', 'patterns.js'));
const { scanText } = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'scan', 'matcher.js'));
const { scanFile } = require(scanJs);

const files = fs
  .readdirSync(ENTRIES)
  .filter((f) => f.endsWith('.json'))
  .sort();
const entries = files.map((f) => ({ file: f, raw: fs.readFileSync(path.join(ENTRIES, f), 'utf8') }));
for (const e of entries) e.json = JSON.parse(e.raw);
const set = compilePatterns(entries.map((e) => e.json));

// ------------------------------------------------------------------ evidence from captures
const IMPL_OF_VARIANT = {
  'grpc-js': 'grpc-js',
  'grpc-js-1.8': 'grpc-js',
  grpcio: 'grpc-python',
  'grpcio-aio': 'grpc-python',
  'grpcio-deb': 'grpc-python',
  'grpc-go': 'grpc-go',
  'grpc-java': 'grpc-java',
  tonic: 'tonic',
};
const index = JSON.parse(fs.readFileSync(path.join(CAPTURED, 'INDEX.json'), 'utf8'));
const groups = new Map(); // key -> {entryId, implementation, version, scenario, count, files, servers, observed}
for (const f of index.files) {
  const abs = path.join(CAPTURED, f.file);
  if (!fs.existsSync(abs)) continue;
  // the logging-form and library-verbose runs (--log, --verbose) print the same library messages as
  // the plain runs through another logger, and the opt-in older builds (Debian 12's grpc++, Ruby,
  // grpc-go 1.33; grpc-go 1.61) are not mapped to an implementation here yet: evidence stays keyed on
  // the plain runs of the default implementations; the others measure the scanner (npm run score)
  if (
    (f.logForm && f.logForm !== 'std') ||
    f.verbose ||
    !(IMPL_OF_VARIANT[f.client?.variant] && IMPL_OF_VARIANT[f.server?.variant])
  )
    continue;
  const lines = fs.readFileSync(abs, 'utf8').split('\n');
  const own = f.side === 'client' ? f.client : f.server;
  const other = f.side === 'client' ? f.server : f.client;
  const label = `${f.implementation} ${f.version}`;
  for (const x of scanFile(set, abs, { includeLookalikes: true }).findings) {
    const key = `${x.entryId}\u0000${label}\u0000${f.scenario}\u0000${f.side}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        entryId: x.entryId,
        implementation: IMPL_OF_VARIANT[own.variant] ?? 'any',
        version: f.version,
        label,
        scenario: f.scenario,
        side: f.side,
        count: 0,
        files: new Set(),
        peers: new Set(),
        observed: (lines[x.line] ?? x.matched).trim().slice(0, 240),
      };
      groups.set(key, g);
    }
    g.count += 1;
    g.files.add(f.file);
    g.peers.add(
      `${other.implementation === 'google.golang.org/grpc' ? 'grpc-go' : other.implementation} ${other.version}`,
    );
  }
}
const evidenceByEntry = new Map();
for (const g of [...groups.values()].sort((a, b) =>
  `${a.label}${a.scenario}${a.side}`.localeCompare(`${b.label}${b.scenario}${b.side}`),
)) {
  const list = evidenceByEntry.get(g.entryId) ?? [];
  const peers = [...g.peers].sort().join(', ');
  list.push({
    kind: 'captured-run',
    observed: g.observed,
    by: BY,
    ref: `test/fixtures/captured/${[...g.files].sort()[0]}`,
    implementation: g.implementation,
    version: g.version,
    scenario: `${g.scenario} (${g.side} ${g.label}; ${g.side === 'client' ? 'server' : 'client'}: ${peers})`,
    count: g.count,
  });
  evidenceByEntry.set(g.entryId, list);
}

// ------------------------------------------------------------------ measurements
const results = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, 'utf8')).records : [];
const baselineCell = (cell) =>
  cell.startsWith('unary-shutdown/') ? 'unary-shutdown/hard' : `${cell.split('/')[0]}/none`;
/** entry ids whose errors a record's failed calls printed */
function entriesPrinted(rec) {
  const ids = new Set();
  for (const text of Object.keys(rec?.failurePrinted ?? {}))
    for (const x of scanText(set, text, { includeLookalikes: true })) ids.add(x.entryId);
  return ids;
}
export const DEAD_END_KINDS = {
  'retry-revives-stream': (d) =>
    /retryableStatusCodes|retryPolicy|retry policy/i.test(d.text) && /stream/i.test(d.text),
  'keepalive-prevents': (d) =>
    /keep-?alive/i.test(d.text) &&
    /tun|aggressive|prevent|lower|surviv|settings do not/i.test(d.text) &&
    !/disabl|retries or/i.test(d.text),
  'retry-outlasts-restart': (d) =>
    /maxAttempts to (ride out|outlast)|retries will fail until the server is back/i.test(d.text),
};
const SEED_ID = 'grpc/stream-interrupted-by-shutdown';
/** The seed page has no patterns; its workarounds name their language in the text. */
function seedImplOk(text, impl) {
  if (/Python|wait_for_ready|grpc\.insecure_channel|server\.stop/.test(text)) return impl.startsWith('grpcio');
  if (/grpc-js|tryShutdown/.test(text)) return impl.startsWith('grpc-js');
  return true;
}
const measurement = (rec, successes) => ({
  runs: rec.runs,
  successes,
  measuredWith: rec.measuredWith,
  scenario: rec.scenario,
  date: rec.date,
  capture: `${RESULTS_REF}#${rec.id}`,
});
/** A dead end counts the runs it did not help: the call still failed with it applied. */
const deadEndMeasurement = (rec) => ({
  runs: rec.runs,
  didNotHelp: rec.failures,
  measuredWith: rec.measuredWith,
  scenario: rec.scenario,
  date: rec.date,
  capture: `${RESULTS_REF}#${rec.id}`,
});
const wanted = new Map(); // entryId -> {workarounds: Map(index -> [m]), deadEnds: Map(index -> [m])}
const want = (entryId, where, i, m) => {
  if (!wanted.has(entryId)) wanted.set(entryId, { workarounds: new Map(), deadEnds: new Map() });
  const map = wanted.get(entryId)[where];
  if (!map.has(i)) map.set(i, []);
  if (!map.get(i).some((x) => x.capture === m.capture)) map.get(i).push(m);
};
for (const rec of results) {
  if (rec.role === 'baseline' || rec.harnessErrors) continue;
  const base = results.find((r) => r.impl === rec.impl && r.cell === baselineCell(rec.cell));
  const ids = new Set([...entriesPrinted(base), ...entriesPrinted(rec)]);
  for (const e of entries) {
    const id = e.json.id;
    const isSeed = id === SEED_ID;
    if (!ids.has(id) && !isSeed) continue;
    if (rec.role === 'workaround') {
      e.json.workarounds.forEach((w, i) => {
        if (w.kind !== rec.workaround) return;
        if (isSeed && !seedImplOk(w.text, rec.impl)) return;
        want(id, 'workarounds', i, measurement(rec, rec.successes));
      });
    }
    if (rec.role === 'dead-end') {
      const match = DEAD_END_KINDS[rec.deadEnd];
      e.json.dead_ends.forEach((d, i) => {
        if (match(d)) want(id, 'deadEnds', i, deadEndMeasurement(rec));
      });
      // the seed's retry-policy "workaround" is offered for a stream closed by shutdown: measure it there
      if (isSeed && rec.deadEnd === 'retry-revives-stream') {
        e.json.workarounds.forEach((w, i) => {
          if (w.kind === 'retry-policy') want(id, 'workarounds', i, measurement(rec, rec.successes));
        });
      }
    }
  }
}

// ------------------------------------------------------------------ write
const order = (ms) => ms.sort((a, b) => a.capture.localeCompare(b.capture));
let changed = 0;
for (const e of entries) {
  const j = e.json;
  const w = wanted.get(j.id);
  j.workarounds.forEach((x, i) => {
    const ms = w?.workarounds.get(i);
    if (ms?.length) x.measurements = order(ms);
    else delete x.measurements;
  });
  j.dead_ends.forEach((x, i) => {
    const ms = w?.deadEnds.get(i);
    if (ms?.length) x.measurements = order(ms);
    else delete x.measurements;
  });
  j.evidence = [...j.evidence.filter((ev) => ev.by !== BY), ...(evidenceByEntry.get(j.id) ?? [])];
  const text = `${JSON.stringify(j, null, 2)}\n`;
  if (text !== e.raw) {
    changed++;
    if (!check) fs.writeFileSync(path.join(ENTRIES, e.file), text);
  }
}
const withEvidence = entries.filter((e) => evidenceByEntry.has(e.json.id)).length;
const measured = [...wanted.keys()].length;
console.log(
  `[apply] ${withEvidence} entries shown by captures, ${measured} entries with measurements; ${changed} entr${changed === 1 ? 'y' : 'ies'} ${check ? 'would change' : 'updated'}`,
);
if (check && changed) process.exit(1);
