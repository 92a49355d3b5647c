#!/usr/bin/env node
// Renders the "observed messages" tables of test/fixtures/captured/README.md from INDEX.json.
//   node scripts/capture/table.mjs          print the tables
//   node scripts/capture/table.mjs --write  replace the block between the table markers in the README
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIR = path.join(ROOT, 'test', 'fixtures', 'captured');
const index = JSON.parse(fs.readFileSync(path.join(DIR, 'INDEX.json'), 'utf8'));
const ORDER = Object.keys(index.scenarios || {});
const esc = (s) => String(s).replace(/\|/g, '\\|').replace(/`/g, "'");
const LOOKALIKE = /ECONNREFUSED|Connection refused|connection refused|No connection established|Cancelled on client/;

function render() {
  const client = index.files.filter((f) => f.side === 'client');
  const dirs = [...new Set(client.map((f) => f.file.split('/')[0]))].sort((a, b) => {
    const ma = a.includes('--'); const mb = b.includes('--');
    return ma === mb ? a.localeCompare(b) : ma ? 1 : -1;
  });
  const out = [];
  for (const dir of dirs) {
    out.push(`#### ${dir}`, '', '| scenario | status(es) the client printed (in order of first appearance; look-alikes such as connection refused in *italics*) | file |', '| --- | --- | --- |');
    const rows = client.filter((f) => f.file.startsWith(`${dir}/`))
      .sort((a, b) => (ORDER.indexOf(a.scenario) - ORDER.indexOf(b.scenario)) || a.file.localeCompare(b.file));
    for (const f of rows) {
      const name = path.posix.basename(f.file, '.log');
      const msgs = f.messages.length
        ? f.messages.map((m) => {
          const t = `\`${esc([m.code, m.message].filter((x) => x !== null && x !== '').join(' '))}\``;
          return LOOKALIKE.test(m.message) ? `*${t}*` : t;
        }).join('<br>')
        : '(no status printed)';
      out.push(`| ${name}${f.timedOut ? ' (client killed at timeout)' : ''} | ${msgs} | [log](${f.file}) |`);
    }
    out.push('');
  }
  return out.join('\n');
}

const table = render();
if (process.argv.includes('--write')) {
  const readme = path.join(DIR, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- table:start -->';
  const end = '<!-- table:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < 0) { console.error('markers not found in README.md'); process.exit(1); }
  fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`);
  console.log('README.md table updated');
} else {
  console.log(table);
}
