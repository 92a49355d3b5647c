// `npm run bench`: builds, installs grep/ripgrep when missing, generates the workloads in .bench/,
// runs every measure several times, prints min/median/max and ratios, and rewrites the generated parts
// of BENCHMARKS.md.   Options: --quick (no 1 GB point, 3 rounds), --reps N, --no-build, --no-write.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLog, repeatFile, writePatternFile, ROOT, WORK } from './generate.mjs';
import { summarizeProfile } from './profile-summary.mjs';
import { lspMeasures } from './lsp.mjs';
import { clientMeasures } from './client.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const repsArg = argv.indexOf('--reps');
const REPS = repsArg >= 0 ? Number(argv[repsArg + 1]) : quick ? 3 : 5;
const started = performance.now();
const log = (s) => process.stderr.write(`bench: ${s}\n`);
const MB = 1024 * 1024;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  return r;
}

// ------------------------------------------------------------------ build, tools, workloads
if (!argv.includes('--no-build')) {
  log('building (tsc + bundles)');
  if (!fs.existsSync(path.join(ROOT, 'node_modules/.package-lock.json'))) run('npm', ['ci', '--no-audit', '--no-fund']);
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
  run(process.execPath, ['scripts/build.mjs', '--quiet']);
}
run('bash', ['scripts/setup/bench-tools.sh']);
const CLI = path.join(ROOT, 'server/out/cli.js');

log('generating workloads in .bench/ (cached between runs)');
const kbEntries = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/out/knowledge.json'), 'utf8'));
const { compilePatterns } = await import(path.join(ROOT, 'out/server/src/core/scan/patterns.js'));
const literals = compilePatterns(kbEntries).literals;
const patternFile = writePatternFile(literals);
const log100 = generateLog('log-100mb.log', 100 * MB, { seed: 42 });
const log1 = generateLog('log-1mb.log', 1 * MB, { seed: 1 });
const log10 = generateLog('log-10mb.log', 10 * MB, { seed: 10 });
const log5 = generateLog('log-5mb.log', 5 * MB, { seed: 5 });
const doc100k = generateLog('doc-100k-lines.log', 1e9, { seed: 100, maxLines: 100000 });
const manyDir = path.join(WORK, 'many');
for (let i = 0; i < 16; i++)
  generateLog(`many/part-${String(i).padStart(2, '0')}.log`, (100 * MB) / 16, { seed: 1000 + i });
const log1g = quick ? undefined : repeatFile(log100.file, 'log-1gb.log', 10);

// ------------------------------------------------------------------ child-process timing
const TIME = '/usr/bin/time';
/** Runs a command with stdout piped into this process and discarded; returns wall ms, peak RSS (KiB), exit code and output size. */
function timed(cmd, args) {
  const rssFile = path.join(WORK, 'rss.txt');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(TIME, ['-f', '%M', '-o', rssFile, cmd, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (d) => {
      bytes += d.length;
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const rssKiB = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      if (code !== 0 && code !== 1)
        reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 400)}`));
      else resolve({ ms, rssKiB, code, bytes, lines });
    });
  });
}

const rows = [];
/** values: one number per run. goal: {op:'<='|'>=', value} compared with the median. */
function row(group, name, unit, values, goal, note = '') {
  const s = [...values].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const met = goal ? (goal.op === '<=' ? median <= goal.value : median >= goal.value) : undefined;
  rows.push({ group, name, unit, min: s[0], median, max: s[s.length - 1], runs: s.length, goal, met, note });
}
const ratios = (a, b) => a.map((x, i) => x / b[i]);

// ------------------------------------------------------------------ CLI vs grep vs rg on 100 MB
const scanArgs = (file, extra = []) => [CLI, 'scan', ...extra, file];
const tools = {
  cli: (f) => timed(process.execPath, scanArgs(f)),
  grep: (f) => timed('grep', ['-F', '-f', patternFile, f]),
  rg: (f) => timed('rg', ['--no-config', '-F', '-f', patternFile, f]),
  report: (f) => timed(process.execPath, [CLI, 'report', '--format', 'json', f]),
};
log(
  `CLI scan and report vs grep -F -f vs rg -F -f on ${(log100.bytes / MB).toFixed(0)} MiB, ${REPS} interleaved rounds`,
);
for (const t of Object.values(tools)) await t(log100.file); // warm the page cache and the binaries
const times = { cli: [], grep: [], rg: [], report: [] };
const rss = [];
const reportRss = [];
let counts;
for (let r = 0; r < REPS; r++) {
  const order = Object.keys(tools);
  for (let k = 0; k < r % order.length; k++) order.push(order.shift()); // rotate who goes first
  for (const name of order) {
    const res = await tools[name](log100.file);
    times[name].push(res.ms);
    if (name === 'cli') rss.push(res.rssKiB / 1024);
    if (name === 'report') reportRss.push(res.rssKiB / 1024);
    counts ??= {};
    counts[name] = res;
  }
}
const cliSummary = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', log100.file], {
  maxBuffer: 1 << 28,
  encoding: 'utf8',
});
const cliFindings = JSON.parse(cliSummary.stdout).findings.length;
const G = '100 MB log';
const linesNote = `${log100.lines.toLocaleString('en')} lines, ${log100.injected} injected error samples`;
row(G, '`grpc-doctor scan` wall', 'ms', times.cli, undefined, `${cliFindings} findings; ${linesNote}`);
row(
  G,
  '`grep -F -f` wall',
  'ms',
  times.grep,
  undefined,
  `${counts.grep.lines} matching lines printed; ${literals.length} patterns`,
);
row(G, '`rg -F -f` wall', 'ms', times.rg, undefined, `${counts.rg.lines} matching lines printed`);
row(G, 'scan / grep (per round)', '×', ratios(times.cli, times.grep), { op: '<=', value: 1.0 });
row(G, 'scan / rg (per round)', '×', ratios(times.cli, times.rg), undefined, 'reported, no goal');
row(G, 'scan peak RSS', 'MiB', rss, { op: '<=', value: 150 }, 'maxRSS from /usr/bin/time');
const reportSummary = JSON.parse(
  spawnSync(process.execPath, [CLI, 'report', '--format', 'json', log100.file], {
    maxBuffer: 1 << 28,
    encoding: 'utf8',
  }).stdout,
);
row(
  G,
  '`grpc-doctor report` wall',
  'ms',
  times.report,
  undefined,
  `${reportSummary.incidents.length} incidents from ${reportSummary.totalFindings} findings (JSON; HTML renders the same report)`,
);
row(
  G,
  'report / scan (per round)',
  '×',
  ratios(times.report, times.cli),
  { op: '<=', value: 2.0 },
  'issue 17: scan, then times for the finding lines only',
);
row(
  G,
  'report peak RSS',
  'MiB',
  reportRss,
  undefined,
  'the report keeps the file and a line index in memory (the scan streams)',
);
row(
  G,
  'scan throughput',
  'MB/s',
  times.cli.map((ms) => log100.bytes / 1e6 / (ms / 1000)),
  undefined,
  'including process start',
);

// ------------------------------------------------------------------ --jobs over many files
log('--jobs over 16 files');
const jobs = { 1: [], 2: [] };
for (let r = 0; r < Math.min(REPS, 3); r++) {
  for (const j of [1, 2]) jobs[j].push((await timed(process.execPath, scanArgs(manyDir, ['--jobs', String(j)]))).ms);
}
const J = '16 files × 6.25 MB';
row(J, 'scan --jobs 1', 'ms', jobs[1]);
row(J, 'scan --jobs 2', 'ms', jobs[2]);
row(J, 'speed-up --jobs 2', '×', ratios(jobs[1], jobs[2]), undefined, `${os.cpus().length} CPUs`);

// ------------------------------------------------------------------ scaling 1 MB → 1 GB
log('scaling');
const scaling = [];
for (const w of [log1, log10, log100, ...(log1g ? [{ file: log1g, bytes: fs.statSync(log1g).size }] : [])]) {
  const n = w.bytes > 500 * MB ? 2 : 3;
  const ms = [];
  const kib = [];
  for (let r = 0; r < n; r++) {
    const res = await tools.cli(w.file);
    ms.push(res.ms);
    kib.push(res.rssKiB);
  }
  const g = w.bytes > 500 * MB ? (await tools.grep(w.file)).ms : undefined;
  scaling.push({ mb: w.bytes / MB, ms: Math.min(...ms), rss: Math.max(...kib) / 1024, grep: g });
}

// ------------------------------------------------------------------ profile of the CLI scan
log('profiling the 100 MB scan (node --cpu-prof)');
const profDir = path.join(WORK, 'profile');
fs.rmSync(profDir, { recursive: true, force: true });
spawnSync(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir', profDir, path.join(ROOT, 'out/server/src/cli/entry.js'), 'scan', log100.file],
  { stdio: 'ignore' },
);
const profFile = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
const profile = summarizeProfile(path.join(profDir, profFile), 10);

// ------------------------------------------------------------------ in-process measures
log('scanner, lookup and hover micro-benchmarks');
const microRun = spawnSync(
  process.execPath,
  [
    path.join(ROOT, 'bench/micro.mjs'),
    JSON.stringify({ reps: REPS, log100: log100.file, log5: log5.file, doc100k: doc100k.file }),
  ],
  { encoding: 'utf8', maxBuffer: 1 << 26 },
);
if (microRun.status !== 0) throw new Error(`bench/micro.mjs failed: ${microRun.stderr}`);
const micro = JSON.parse(microRun.stdout);
const M = 'scanner (in process)';
row(M, 'literal search, 100 MB in memory', 'MB/s', micro.searchMBps, undefined, 'Wu–Manber, used by every scan');
row(M, 'Aho–Corasick reference, 20 MB', 'MB/s', micro.automatonMBps, undefined, 'the automaton the search replaced');
row(M, 'compile patterns (KB)', 'ms', micro.compileMs);
row(M, 'scanText, 5 MB log', 'ms', micro.scan5MBms, undefined, 'matcher only');
row(M, 'scanLines one line p99, 100k-line document', 'ms', micro.scanOneLineP99ms, undefined, 'matcher only');
const S = 'language server work (in process)';
row(
  S,
  'open 5 MB log → diagnostics, server time',
  'ms',
  micro.serverOpen5MBms,
  { op: '<=', value: 50 },
  'DocumentFindings.refresh + findingsToDiagnostics, as the handler runs them',
);
row(
  S,
  'one-line edit, 100k-line document → diagnostics p99',
  'ms',
  micro.serverEditP99ms,
  { op: '<=', value: 5 },
  'incremental update + refresh + diagnostics, 100 edits per run',
);
const L = 'lookup / hover';
row(
  L,
  `lookup p99 (${kbEntries.length} entries)`,
  'ms',
  micro.lookupP99ms,
  { op: '<=', value: 5 },
  '300 queries per run',
);
row(L, 'first lookup (builds the word index)', 'ms', micro.lookupFirstMs);
row(L, 'lookup p99 (synthetic 10 000 entries)', 'ms', micro.lookup10kP99ms, { op: '<=', value: 20 });
row(L, 'first lookup, 10 000 entries', 'ms', micro.lookup10kFirstMs);
row(L, 'compile patterns, 10 000 entries', 'ms', micro.compile10kMs);
row(
  L,
  'hover render p99',
  'ms',
  micro.hoverRenderP99ms,
  { op: '<=', value: 2 },
  'renderEntryMarkdown compact, en + zh-cn',
);

// ------------------------------------------------------------------ language server and client
const notMeasurable = [];
log('language server');
const lsp = await lspMeasures({ reps: REPS, log5: log5.file, doc100k: doc100k.file });
if (lsp.unavailable) notMeasurable.push(...lsp.unavailable);
for (const r of lsp.rows ?? []) row('language server (stdio)', r.name, r.unit, r.values, r.goal, r.note);
log('client');
const client = await clientMeasures({ reps: REPS });
if (client.unavailable) notMeasurable.push(...client.unavailable);
for (const r of client.rows ?? []) row('VS Code client', r.name, r.unit, r.values, r.goal, r.note);

// ------------------------------------------------------------------ report
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const goalText = (g) => (g ? `${g.op === '<=' ? '≤' : '≥'} ${g.value}` : '');
const metText = (r) => (r.met === undefined ? '' : r.met ? 'met' : '**missed**');
let table =
  '| group | measure | unit | min | median | max | goal | | notes |\n| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |\n';
for (const r of rows)
  table += `| ${r.group} | ${r.name} | ${r.unit} | ${fmt(r.min)} | ${fmt(r.median)} | ${fmt(r.max)} | ${goalText(r.goal)} | ${metText(r)} | ${r.note} |\n`;
let scaleTable = '| file | scan wall (min) | MB/s | peak RSS | grep -F -f |\n| ---: | ---: | ---: | ---: | ---: |\n';
for (const s of scaling)
  scaleTable += `| ${s.mb >= 1000 ? `${(s.mb / 1024).toFixed(1)} GiB` : `${s.mb.toFixed(0)} MiB`} | ${s.ms.toFixed(0)} ms | ${((s.mb * MB) / 1e6 / (s.ms / 1000)).toFixed(0)} | ${s.rss.toFixed(0)} MiB | ${s.grep ? `${s.grep.toFixed(0)} ms` : ''} |\n`;
if (!log1g) scaleTable += '\n(--quick: the 1 GiB point was skipped)\n';
let profText = `Self time of the 100 MB CLI scan (tsc output, so names are readable; total ${profile.totalMs.toFixed(0)} ms sampled):\n\n| self ms | % | function |\n| ---: | ---: | --- |\n`;
for (const p of profile.rows) profText += `| ${p.ms.toFixed(0)} | ${p.pct.toFixed(1)} | \`${p.name}\` |\n`;
const unmeasured = notMeasurable.length ? notMeasurable.map((u) => `- ${u}`).join('\n') : '- none';
const cpu = os.cpus()[0]?.model ?? 'unknown';
const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const machine = `${os.cpus().length} CPUs (nproc ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()}), ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, node ${process.version}, ${spawnSync('grep', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}, ${spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}; load average at the end ${load}`;
const totalS = (performance.now() - started) / 1000;
const generated = `Measured ${new Date().toISOString().slice(0, 10)} on: ${machine}.
${REPS} rounds per measure (child processes interleaved and rotated, so load on a shared machine hits all
tools alike); ratios are taken per round. Output of every command is piped into the bench and discarded
(not \`-c\`, not \`>/dev/null\`: GNU grep stops at the first match when its output is /dev/null). Whole run:
${totalS.toFixed(0)} s.

${table}
Not measurable in this run:
${unmeasured}`;

console.log(`\n${generated}\n\nScaling:\n${scaleTable}\n${profText}`);
if (!argv.includes('--no-write')) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  let md = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : fs.readFileSync(path.join(ROOT, 'bench/BENCHMARKS.template.md'), 'utf8');
  const put = (name, text) => {
    const re = new RegExp(`(<!-- bench:${name} -->)[\\s\\S]*?(<!-- /bench:${name} -->)`);
    if (!re.test(md)) throw new Error(`BENCHMARKS.md lacks the bench:${name} markers`);
    md = md.replace(re, (_m, a, b) => `${a}\n${text.trim()}\n${b}`);
  };
  put('table', generated);
  put('scaling', scaleTable);
  put('profile', profText);
  fs.writeFileSync(file, md);
  log(`wrote BENCHMARKS.md (${totalS.toFixed(0)} s)`);
}
