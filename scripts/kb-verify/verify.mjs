// `npm run kb:verify`: every knowledge entry's message checked against the released source of the versions
// it names. Each entry's `verification.checks` says which text is looked for in which package; the check
// passes when the text occurs in every release listed in `present` (inside one of `files` when given, and
// that file exists there) and in none listed in `absent`.
//
//   node scripts/kb-verify/verify.mjs              check every stored version (downloads what is not cached)
//   node scripts/kb-verify/verify.mjs --ci         check only the checkpoint releases (oldest, middle, newest)
//   node scripts/kb-verify/verify.mjs --bisect [id…]  find since/until among the registry's releases and store
//                                                   them in the entries, then regenerate docs/versions.md
import fs from 'node:fs';
import path from 'node:path';
import { compareVersions, corpus, listVersions, PACKAGES } from './registry.mjs';
import { checkpoints, FLOOR, IMPL_PACKAGES, anchorOf } from './plan.mjs';
import { writeVersionsDoc } from './doc.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ENTRIES = path.join(ROOT, 'knowledge/entries');
const args = process.argv.slice(2);
const BISECT = args.includes('--bisect');
const CI = args.includes('--ci');
const DOC = args.includes('--doc');
const only = args.filter((a) => !a.startsWith('--'));
const TODAY = new Date().toISOString().slice(0, 10);

const entries = fs
  .readdirSync(ENTRIES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const raw = fs.readFileSync(path.join(ENTRIES, file), 'utf8');
    return { file, raw, json: JSON.parse(raw) };
  });

const log = (...a) => process.stderr.write(`${a.join(' ')}\n`);

/** Where `text` occurs in one release: the files holding it (restricted to `files` when given). */
function occurrences(pkg, version, text, files) {
  let c;
  try {
    c = corpus(pkg, version);
  } catch (err) {
    return { error: String(err.message ?? err) };
  }
  const hits = [];
  for (const [file, body] of c) if (body.includes(text)) hits.push(file);
  const cited = files?.length ? hits.filter((f) => files.includes(f)) : hits;
  const fileExists = files?.length ? files.some((f) => c.has(f)) : true;
  return { any: hits.length > 0, cited: cited.length > 0, hits, fileExists, corpus: c };
}

function lineOf(body, text) {
  const i = body.indexOf(text);
  return i < 0 ? undefined : body.slice(0, i).split('\n').length;
}

// ------------------------------------------------------------------------------------------ bisect
const presence = new Map(); // pkg@version@text -> boolean | undefined (could not fetch)
function has(pkg, version, text) {
  const key = `${pkg}@${version}@${text}`;
  if (!presence.has(key)) {
    const o = occurrences(pkg, version, text);
    if (o.error) log(`  ! ${pkg} ${version}: ${o.error}`);
    presence.set(key, o.error ? undefined : o.any);
  }
  return presence.get(key);
}

/**
 * First index in [lo, hi] where the text is present, assuming absent…present. A release that cannot be
 * fetched is dropped from `list` (in place), so the indices stay meaningful for the caller.
 */
function firstPresent(pkg, list, text, lo, hi) {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const r = has(pkg, list[mid], text);
    if (r === undefined) {
      list.splice(mid, 1);
      hi--;
      continue;
    }
    if (r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
/** Last index in [lo, hi] where the text is present, assuming present…absent (drops unfetchable releases). */
function lastPresent(pkg, list, text, lo, hi) {
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const r = has(pkg, list[mid], text);
    if (r === undefined) {
      list.splice(mid, 1);
      hi--;
      continue;
    }
    if (r) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function bisectCheck(check) {
  // eslint-disable-next-line no-param-reassign
  const all = listVersions(check.package);
  const list = all.filter((v) => compareVersions(v, FLOOR[check.package]) >= 0);
  // the newest releases may lack a sources package (e.g. a -sources.jar not published yet): start below them
  while (list.length > 1 && has(check.package, list[list.length - 1], check.text) === undefined) list.pop();
  let newest = list.length - 1;
  let anchor = has(check.package, list[newest], check.text) ? newest : -1;
  if (anchor < 0) {
    // gone from the newest release: start from a release the entry says has it, or the middle and oldest
    const hints = [check.present?.[0], list[Math.floor(newest / 2)], list[0]].filter(Boolean);
    for (const v of hints) {
      const i = list.indexOf(v);
      if (i >= 0 && has(check.package, v, check.text)) {
        anchor = i;
        break;
      }
    }
  }
  if (anchor < 0)
    return {
      ok: false,
      why: `"${check.text}" not found in ${check.package} ${list[newest]}, ${list[Math.floor(newest / 2)]} or ${list[0]}`,
    };
  const anchorVersion = list[anchor];
  const wasNewest = anchor === newest;
  const first = firstPresent(check.package, list, check.text, 0, anchor);
  anchor = list.indexOf(anchorVersion);
  const last = wasNewest ? list.length - 1 : lastPresent(check.package, list, check.text, anchor, list.length - 1);
  newest = list.length - 1;
  const since = first === 0 ? `<=${list[0]}` : list[first];
  const until = last === newest ? null : list[last];
  const cps = checkpoints(check.package);
  const inRange = (v) => {
    const i = list.indexOf(v);
    return i >= first && i <= last;
  };
  const present = [...new Set([list[first], ...cps.filter(inRange), list[last]])].sort(compareVersions);
  const absent = [
    ...new Set([
      ...(first > 0 ? [list[first - 1]] : []),
      ...cps.filter((v) => !inRange(v)),
      ...(last < newest ? [list[last + 1]] : []),
    ]),
  ].sort(compareVersions);
  // files moved between releases: cite, for each release, the file that holds the text there
  let files = check.files ? [...check.files] : undefined;
  if (files) {
    for (const v of present) {
      const o = occurrences(check.package, v, check.text, files);
      if (!o.error && !o.cited && o.hits.length) files.push(o.hits[0]);
    }
    files = [...new Set(files)];
  }
  check = { ...check, ...(files ? { files } : {}) };
  // the cited line: newest release that has the text, in the first cited file that holds it
  const at = list[last];
  const o = occurrences(check.package, at, check.text, check.files);
  const file = (o.cited ? o.hits.find((f) => check.files?.includes(f)) : undefined) ?? o.hits[0];
  const line = file ? lineOf(o.corpus.get(file), check.text) : undefined;
  const { since: _s, until: _u, present: _p, absent: _a, at: _at, ...rest } = check;
  return {
    ok: true,
    check: {
      ...rest,
      since,
      ...(until ? { until } : {}),
      present,
      absent,
      at: { tag: PACKAGES[check.package].tag(at), file, line },
    },
  };
}

/**
 * The checks of an entry: one per pattern — the literal (or the regex's anchor) in the first of the
 * implementation's packages whose source has it — plus the stored checks (kept as written: package, files,
 * a text other than a pattern's, e.g. the code line behind a retry verdict).
 */
function planChecks(entry) {
  const stored = new Map((entry.verification?.checks ?? []).map((c) => [c.text, c]));
  const manualUnchecked = (entry.verification?.unchecked ?? []).filter((u) => !u.why.startsWith(AUTO_WHY));
  const out = [];
  const unchecked = [...manualUnchecked];
  for (const p of entry.patterns) {
    const text = p.literal ?? anchorOf(p.regex);
    if (stored.has(text)) {
      out.push(stored.get(text));
      stored.delete(text);
      continue;
    }
    if (unchecked.some((u) => u.text === text)) continue;
    const pkgs = IMPL_PACKAGES[p.implementation] ?? [];
    if (!pkgs.length) continue;
    if (p.regex && text.length < 10) {
      unchecked.push({ text, why: `regex anchor too short to identify the message in source (pattern ${p.regex})` });
      continue;
    }
    const found =
      text.length >= 4 &&
      pkgs.find((pkg) => {
        const list = listVersions(pkg);
        return has(pkg, list[list.length - 1], text) || has(pkg, list[Math.floor((list.length - 1) * 0.6)], text);
      });
    const files = found
      ? entry.sources.filter((s) => s.file && s.repository === PACKAGES[found].repository).map((s) => s.file)
      : [];
    if (found) {
      // cite a source file only if the text is really there in the newest release that has it
      const o = occurrences(found, listVersions(found).at(-1), text, files);
      out.push({ package: found, text, ...(files.length && o.cited ? { files: [...new Set(files)] } : {}) });
    } else unchecked.push({ text, why: `${AUTO_WHY} (composed at run time, or printed by another library)` });
  }
  return { checks: [...out, ...stored.values()], unchecked };
}
const AUTO_WHY = 'not found verbatim in the released source';

if (BISECT) {
  let changed = 0;
  for (const e of entries) {
    const j = e.json;
    if (only.length && !only.includes(j.id)) continue;
    const v = j.verification ?? {};
    if (v.method === 'source-read, not version-checked' || v.method === 'captured') continue;
    const impls = new Set(j.patterns.map((p) => p.implementation));
    if (![...impls].some((i) => IMPL_PACKAGES[i]?.length)) continue;
    log(`[bisect] ${j.id}`);
    let { checks, unchecked } = planChecks(j);
    const done = [];
    for (const c of checks) {
      const r = bisectCheck(c);
      if (!r.ok) {
        log(`  ✗ ${r.why}`);
        unchecked = [...unchecked, { text: c.text, why: r.why }];
        continue;
      }
      log(`  ✓ ${c.package} "${c.text}" since ${r.check.since}${r.check.until ? ` until ${r.check.until}` : ''}`);
      done.push(r.check);
    }
    j.verification = {
      method: done.length ? 'source-checked' : (v.method ?? 'source-read, not version-checked'),
      date: TODAY,
      ...(v.note ? { note: v.note } : {}),
      checks: done,
      ...(unchecked.length ? { unchecked: dedupe(unchecked) } : {}),
    };
    const text = `${JSON.stringify(j, null, 2)}\n`;
    if (text !== e.raw) {
      fs.writeFileSync(path.join(ENTRIES, e.file), text);
      e.raw = text;
      changed++;
    }
  }
  log(`[bisect] ${changed} entries updated`);
  writeVersionsDoc(
    ROOT,
    entries.map((e) => e.json),
  );
  log('[bisect] docs/versions.md written');
}

function dedupe(list) {
  const seen = new Set();
  return list.filter((u) => (seen.has(u.text) ? false : (seen.add(u.text), true)));
}

if (DOC) {
  writeVersionsDoc(
    ROOT,
    entries.map((e) => e.json),
  );
  log('docs/versions.md written');
  process.exit(0);
}

// ------------------------------------------------------------------------------------------ check
const rows = [];
const mismatches = [];
const versionsChecked = new Set();
let checked = 0;
for (const e of entries) {
  const j = e.json;
  if (only.length && !only.includes(j.id)) continue;
  const checks = j.verification?.checks ?? [];
  if (!checks.length) continue;
  checked++;
  for (const c of checks) {
    const cps = new Set(checkpoints(c.package));
    const pick = (vs) => (CI ? vs.filter((v) => cps.has(v)) : vs);
    for (const v of pick(c.present)) {
      const o = occurrences(c.package, v, c.text, c.files);
      versionsChecked.add(`${c.package}@${v}`);
      if (o.error) mismatches.push(`${j.id}: ${c.package} ${v} could not be fetched: ${o.error}`);
      else if (!o.any) mismatches.push(`${j.id}: "${c.text}" missing in ${c.package} ${v}`);
      else if (c.files?.length && !o.fileExists)
        mismatches.push(`${j.id}: none of ${c.files.join(', ')} exists in ${c.package} ${v}`);
      else if (c.files?.length && !o.cited)
        mismatches.push(
          `${j.id}: "${c.text}" is not in ${c.files.join(' / ')} in ${c.package} ${v} (found in ${o.hits.slice(0, 2).join(', ')})`,
        );
    }
    for (const v of pick(c.absent ?? [])) {
      const o = occurrences(c.package, v, c.text);
      versionsChecked.add(`${c.package}@${v}`);
      if (o.error) mismatches.push(`${j.id}: ${c.package} ${v} could not be fetched: ${o.error}`);
      else if (o.any)
        mismatches.push(
          `${j.id}: "${c.text}" present in ${c.package} ${v}, where the entry says it is absent (${o.hits[0]})`,
        );
    }
  }
}
const byMethod = {};
for (const e of entries) {
  const m = e.json.verification?.method ?? 'none';
  byMethod[m] = (byMethod[m] ?? 0) + 1;
}
const perPkg = {};
for (const pv of versionsChecked) {
  const [p] = pv.split(/@(?=[^@]+$)/);
  perPkg[p] = (perPkg[p] ?? 0) + 1;
}
console.log('| what | count |');
console.log('| --- | --- |');
console.log(`| entries | ${entries.length} |`);
for (const [m, n] of Object.entries(byMethod).sort()) console.log(`| verification: ${m} | ${n} |`);
console.log(`| entries checked against released source | ${checked} |`);
console.log(
  `| checks (text × package) | ${entries.reduce((n, e) => n + (e.json.verification?.checks?.length ?? 0), 0)} |`,
);
console.log(
  `| releases checked | ${versionsChecked.size} (${Object.entries(perPkg)
    .map(([p, n]) => `${p} ${n}`)
    .join(', ')}) |`,
);
console.log(`| mismatches | ${mismatches.length} |`);
for (const m of mismatches) console.log(`MISMATCH ${m}`);
process.exit(mismatches.length ? 1 : 0);
