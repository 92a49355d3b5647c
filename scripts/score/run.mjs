#!/usr/bin/env node
// `npm run score`: event recall and precision of the real CLI on the hand-labelled captures.
//
//   node scripts/score/run.mjs [--json] [--details] [--no-build] [--include-lookalikes] [--stamp] [PATH_FILTER]
//
// Reads every labels.json under test/fixtures/captured/, builds the bundles (unless --no-build),
// runs `node server/out/cli.js scan --format json` over the labelled files and prints recall and
// precision per implementation, per logging form, per wrapping and per side, plus totals.
// --details lists each missed event, duplicate and false positive. Always exits 0 unless the labels
// are malformed or the CLI cannot run (2). Definitions: scripts/score/lib.mjs, docs/detection.md.
// Each labels entry carries `sha1` (12 hex digits) of the file it labels, so a re-captured file is
// caught instead of scored against stale line numbers; --stamp writes it into entries that lack it.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupBy, parseLines, scoreFile, table, totals, validateLabels } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CAPTURED = path.join(ROOT, 'test', 'fixtures', 'captured');
const CLI = path.join(ROOT, 'server', 'out', 'cli.js');
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(`--${n}`);
const filter = argv.find((a) => !a.startsWith('--'));

function labelFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...labelFiles(p));
    else if (e.name === 'labels.json') out.push(p);
  }
  return out.sort();
}

// ---------------------------------------------------------------- labelled files
const problems = [];
const items = [];
export const sha1Of = (buf) => crypto.createHash('sha1').update(buf).digest('hex').slice(0, 12);
for (const lf of labelFiles(CAPTURED)) {
  const dir = path.dirname(lf);
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(lf, 'utf8'));
  } catch (e) {
    problems.push(`${path.relative(ROOT, lf)}: ${e.message}`);
    continue;
  }
  if (flag('stamp')) {
    let changed = false;
    for (const [name, entry] of Object.entries(doc.files || {})) {
      const abs = path.join(dir, name);
      if (!entry.sha1 && fs.existsSync(abs)) {
        entry.sha1 = sha1Of(fs.readFileSync(abs));
        changed = true;
      }
    }
    if (changed) fs.writeFileSync(lf, `${JSON.stringify(doc, null, 1)}\n`);
  }
  for (const [name, entry] of Object.entries(doc.files || {})) {
    const abs = path.join(dir, name);
    const rel = path.relative(ROOT, abs);
    if (filter && !rel.includes(filter)) continue;
    if (!fs.existsSync(abs)) {
      problems.push(`${rel}: labelled but missing`);
      continue;
    }
    const bytes = fs.readFileSync(abs);
    if (entry.sha1 && entry.sha1 !== sha1Of(bytes))
      problems.push(
        `${rel}: changed since it was labelled (sha1 ${sha1Of(bytes)}, labels say ${entry.sha1}); label it again`,
      );
    const lineCount = bytes.toString('utf8').replace(/\n$/, '').split('\n').length;
    for (const p of validateLabels(entry, lineCount)) problems.push(`${rel}: ${p}`);
    const side = entry.side ?? (name.includes('.server.') ? 'server' : 'client');
    items.push({
      file: rel,
      abs,
      entry,
      side,
      impl: entry.impl ?? (side === 'server' ? (doc.serverImpl ?? doc.impl) : doc.impl) ?? 'unknown',
      form: entry.form ?? (side === 'server' ? (doc.serverForm ?? doc.form) : doc.form) ?? 'plain',
      wrapping: entry.wrapping ?? doc.wrapping ?? 'none',
    });
  }
}
if (problems.length) {
  console.error(`labels problems:\n  ${problems.join('\n  ')}`);
  process.exit(2);
}
if (!items.length) {
  console.error('no labelled captures found');
  process.exit(2);
}

// ---------------------------------------------------------------- run the CLI
if (!flag('no-build') || !fs.existsSync(CLI)) {
  const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (b.status !== 0) {
    console.error('build failed');
    process.exit(2);
  }
}
const findingsOf = new Map(items.map((i) => [i.abs, []]));
const CHUNK = 200;
for (let k = 0; k < items.length; k += CHUNK) {
  const chunk = items.slice(k, k + CHUNK).map((i) => i.abs);
  const args = [
    CLI,
    'scan',
    '--format',
    'json',
    '--jobs',
    '2',
    ...(flag('include-lookalikes') ? ['--include-lookalikes'] : []),
    ...chunk,
  ];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) {
    console.error(`CLI exited ${r.status}: ${r.stderr}`);
    process.exit(2);
  }
  let out;
  try {
    out = JSON.parse(r.stdout);
  } catch (e) {
    console.error(`CLI output is not JSON: ${e.message}`);
    process.exit(2);
  }
  if (out.errors?.length) {
    console.error(`CLI errors: ${JSON.stringify(out.errors)}`);
    process.exit(2);
  }
  for (const f of out.findings) {
    const abs = path.resolve(ROOT, f.file);
    if (findingsOf.has(abs)) findingsOf.get(abs).push({ line: f.line, id: f.id });
  }
}

// ---------------------------------------------------------------- score
const scored = items.map((i) => ({ ...i, score: scoreFile(i.entry, findingsOf.get(i.abs)) }));
const result = {
  totals: totals(scored),
  byImplementation: groupBy(scored, (s) => s.impl),
  byForm: groupBy(scored, (s) => s.form),
  byWrapping: groupBy(scored, (s) => s.wrapping),
  bySide: groupBy(scored, (s) => s.side),
};

if (flag('json')) {
  const files = scored.map((s) => ({
    file: s.file,
    impl: s.impl,
    form: s.form,
    wrapping: s.wrapping,
    side: s.side,
    events: s.score.events,
    found: s.score.found,
    tp: s.score.tp,
    dup: s.score.dup,
    fp: s.score.fp,
    missed: s.score.missed.map((m) => ({ lines: m.lines, id: m.id })),
    wrong: s.score.verdicts.filter((v) => v.verdict !== 'tp' && v.verdict !== 'context'),
  }));
  console.log(JSON.stringify({ ...result, files }, null, 2));
  process.exit(0);
}

const t = result.totals;
const f3 = (x) => (x === null ? '–' : x.toFixed(3));
console.log(
  `grpc-doctor score: ${t.files} labelled files, ${t.events} events, ${t.negatives} negative files${flag('include-lookalikes') ? ' (--include-lookalikes)' : ''}`,
);
console.log(
  `event recall ${f3(t.recall)} (${t.found}/${t.events})  precision ${f3(t.precision)} (${t.tp} true, ${t.dup} duplicate, ${t.fp} false; ${t.lookalikeHits} on look-alikes, ${t.negativeFindings} on negatives; ${t.neutral} on context)  id agreement ${f3(t.idAgreement)}\n`,
);
console.log(`${table('implementation', result.byImplementation)}\n`);
console.log(`${table('logging form', result.byForm)}\n`);
console.log(`${table('wrapping', result.byWrapping)}\n`);
console.log(table('side', result.bySide));
if (flag('details')) {
  console.log('\n## Details');
  for (const s of scored) {
    const bad = s.score.verdicts.filter((v) => v.verdict !== 'tp' && v.verdict !== 'context');
    if (!s.score.missed.length && !bad.length) continue;
    const lines = fs.readFileSync(s.abs, 'utf8').split('\n');
    console.log(`\n${s.file}`);
    for (const m of s.score.missed) {
      const first = parseLines(m.lines)[0];
      console.log(`  missed  ${String(m.lines).padEnd(8)} ${m.id ?? ''}  ${lines[first - 1].slice(0, 140)}`);
    }
    for (const v of bad)
      console.log(`  ${v.verdict.padEnd(12)} ${String(v.line).padEnd(5)} ${v.id}  ${lines[v.line - 1].slice(0, 120)}`);
  }
}
