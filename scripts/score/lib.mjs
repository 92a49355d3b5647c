// Scoring arithmetic of `npm run score` (pure: no files, no processes). See docs/detection.md "Score".
//
// A labels entry (one per captured file, in a labels.json next to the captures):
//   { events: [{ lines: "12-16" | ["12-16", "18"], id?: "grpc-core/cancelling-all-calls", note?: "…" }],
//     context?: ["11", "40-44"], lookalikes?: [{ lines: "37-41", why: "…" }] }
// Line numbers are 1-based, as the CLI prints them. An empty `events` list marks a negative file.
//
// A finding (from `grpc-doctor scan --format json`) lands on the line it starts on:
//   - on a line of an event not hit before: true positive (the event is found);
//   - on a line of an event already hit: duplicate (counts against precision: one finding per incident);
//   - on a context line: neutral (neither counted nor held against);
//   - anywhere else (look-alike lines, negatives, unlabelled lines): false positive.
// recall = events found / events; precision = true positives / (true positives + duplicates + false positives).

/** "12-16" | "12" | [...] -> sorted unique line numbers */
export function parseLines(spec) {
  const out = new Set();
  const parts = Array.isArray(spec) ? spec : [spec];
  for (const p of parts) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(String(p));
    if (!m) throw new Error(`bad line spec ${JSON.stringify(p)}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a) throw new Error(`bad line range ${JSON.stringify(p)}`);
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

/** Checks one labels entry; returns a list of problems (empty when fine). */
export function validateLabels(entry, lineCount = Infinity) {
  const problems = [];
  if (!entry || !Array.isArray(entry.events)) return ['events must be a list'];
  const owner = new Map();
  const claim = (line, who) => {
    if (line > lineCount) problems.push(`${who}: line ${line} past the end (${lineCount} lines)`);
    if (owner.has(line)) problems.push(`line ${line} is in ${owner.get(line)} and in ${who}`);
    else owner.set(line, who);
  };
  try {
    entry.events.forEach((e, i) => {
      for (const l of parseLines(e.lines)) claim(l, `event ${i + 1}`);
    });
    for (const c of entry.context || []) for (const l of parseLines(c)) claim(l, 'context');
    (entry.lookalikes || []).forEach((e, i) => {
      for (const l of parseLines(e.lines)) claim(l, `lookalike ${i + 1}`);
    });
  } catch (err) {
    problems.push(err.message);
  }
  return problems;
}

/**
 * Scores the findings of one file against its labels.
 * findings: [{ line, id? }] (1-based start lines). Returns counts and the per-finding verdicts.
 */
export function scoreFile(entry, findings) {
  const eventOf = new Map();
  entry.events.forEach((e, i) => {
    for (const l of parseLines(e.lines)) eventOf.set(l, i);
  });
  const context = new Set((entry.context || []).flatMap((c) => parseLines(c)));
  const lookalike = new Set((entry.lookalikes || []).flatMap((e) => parseLines(e.lines)));
  const hitIds = entry.events.map(() => new Set());
  const hit = entry.events.map(() => false);
  const verdicts = [];
  let tp = 0;
  let dup = 0;
  let fp = 0;
  let neutral = 0;
  let lookalikeHits = 0;
  for (const f of [...findings].sort((a, b) => a.line - b.line)) {
    const ev = eventOf.get(f.line);
    if (ev !== undefined) {
      if (f.id) hitIds[ev].add(f.id);
      if (hit[ev]) {
        dup++;
        verdicts.push({ line: f.line, id: f.id, verdict: 'duplicate', event: ev });
      } else {
        hit[ev] = true;
        tp++;
        verdicts.push({ line: f.line, id: f.id, verdict: 'tp', event: ev });
      }
    } else if (context.has(f.line)) {
      neutral++;
      verdicts.push({ line: f.line, id: f.id, verdict: 'context' });
    } else {
      fp++;
      if (lookalike.has(f.line)) lookalikeHits++;
      verdicts.push({ line: f.line, id: f.id, verdict: lookalike.has(f.line) ? 'fp-lookalike' : 'fp' });
    }
  }
  const withId = entry.events.map((e, i) => ({ e, i })).filter(({ e }) => e.id);
  const idAgree = withId.filter(({ e, i }) => hit[i] && hitIds[i].has(e.id)).length;
  const missed = entry.events.map((e, i) => ({ ...e, index: i })).filter((_, i) => !hit[i]);
  return {
    events: entry.events.length,
    found: hit.filter(Boolean).length,
    tp,
    dup,
    fp,
    neutral,
    lookalikeHits,
    negative: entry.events.length === 0,
    negativeFindings: entry.events.length === 0 ? fp : 0,
    idExpected: withId.length,
    idAgree,
    missed,
    verdicts,
  };
}

const ZERO = () => ({
  files: 0,
  events: 0,
  found: 0,
  tp: 0,
  dup: 0,
  fp: 0,
  neutral: 0,
  lookalikeHits: 0,
  negatives: 0,
  negativeFindings: 0,
  idExpected: 0,
  idAgree: 0,
});

/** Adds a file's score into a running total. */
export function add(total, s) {
  total.files++;
  for (const k of [
    'events',
    'found',
    'tp',
    'dup',
    'fp',
    'neutral',
    'lookalikeHits',
    'negativeFindings',
    'idExpected',
    'idAgree',
  ])
    total[k] += s[k];
  if (s.negative) total.negatives++;
  return total;
}

/** recall and precision of a total; null when undefined (no events / no findings). */
export function rates(t) {
  const counted = t.tp + t.dup + t.fp;
  return {
    recall: t.events ? t.found / t.events : null,
    precision: counted ? t.tp / counted : null,
    idAgreement: t.idExpected ? t.idAgree / t.idExpected : null,
  };
}

/** Groups scored files: rows = [{ key, ...total, ...rates }] sorted by key. */
export function groupBy(scored, keyOf) {
  const m = new Map();
  for (const s of scored) {
    const k = keyOf(s);
    if (!m.has(k)) m.set(k, ZERO());
    add(m.get(k), s.score);
  }
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([key, t]) => ({ key, ...t, ...rates(t) }));
}

export function totals(scored) {
  const t = ZERO();
  for (const s of scored) add(t, s.score);
  return { ...t, ...rates(t) };
}

const fmt = (x) => (x === null ? '–' : x.toFixed(3));

/** A markdown table of grouped rows. */
export function table(title, rows) {
  const head = `| ${title} | files | events | found | recall | precision | duplicates | false positives | on negatives | id agreement |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`;
  const body = rows.map(
    (r) =>
      `| ${r.key} | ${r.files} | ${r.events} | ${r.found} | ${fmt(r.recall)} | ${fmt(r.precision)} | ${r.dup} | ${r.fp} | ${r.negativeFindings} | ${fmt(r.idAgreement)} |`,
  );
  return [head, ...body].join('\n');
}
