// Quick author check for knowledge entries: schema, file name = id, examples vs patterns.
// The authoritative checks are in the test suite; this gives entry authors fast feedback.
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Validates every entry; returns {entries, problems: string[]} (problems are fatal for the build). */
export function checkKnowledge(log = console.log) {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'knowledge/schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const dir = path.join(root, 'knowledge/entries');
  let bad = 0;
  const ids = new Set();
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  for (const f of files) {
    let e;
    try {
      e = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch (err) {
      log(`${f}: invalid JSON ${err.message}`);
      bad++;
      continue;
    }
    if (!validate(e)) {
      log(`${f}: ${validate.errors.map((x) => `${x.instancePath} ${x.message}`).join('; ')}`);
      bad++;
      continue;
    }
    if (f !== e.id.replace('/', '--') + '.json') {
      log(`${f}: file name does not match id ${e.id}`);
      bad++;
    }
    if (ids.has(e.id)) {
      log(`${f}: duplicate id`);
      bad++;
    }
    ids.add(e.id);
    const hits = (line) =>
      e.patterns.some((p) => (p.literal ? line.includes(p.literal) : new RegExp(p.regex).test(line)));
    for (const m of e.examples.match)
      if (!hits(m)) {
        log(`${f}: example does not match any pattern: ${m}`);
        bad++;
      }
    for (const m of e.examples.noMatch)
      if (hits(m)) {
        log(`${f}: noMatch example matches a pattern: ${m}`);
        bad++;
      }
    if (e.patterns.length && !e.examples.match.length) {
      log(`${f}: no match examples`);
      bad++;
    }
  }
  for (const f of files) {
    const e = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const r of e.related ?? []) if (!ids.has(r)) log(`${f}: related id not (yet) present: ${r}`);
  }
  log(`${files.length} entries, ${bad} problems`);
  return { bad, entries: files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))) };
}

if (process.argv[1] === new URL(import.meta.url).pathname) process.exit(checkKnowledge().bad ? 1 : 0);
