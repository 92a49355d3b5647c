// `npm run test:redos`: every regex literal in server/src and shared, checked by the ReDoS analyser recheck
// (about two minutes). Lists the ones it reports as super-linear; exits 1 if there are any. The
// scanner's, the wrappers' and the dependency parsers' regexes are also checked in `npm test`.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');
const { check } = require('recheck');
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.ts')) files.push(p);
  }
};
walk(path.join(root, 'server/src'));
walk(path.join(root, 'shared'));
const found = [];
for (const f of files) {
  const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const t = node.getText();
      const i = t.lastIndexOf('/');
      found.push({
        file: path.relative(root, f),
        line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1,
        source: t.slice(1, i),
        flags: t.slice(i + 1),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
let bad = 0;
let unknown = 0;
for (let i = 0; i < found.length; i += 4) {
  const batch = await Promise.all(
    found
      .slice(i, i + 4)
      .map(async (r) => ({ ...r, res: await check(r.source, r.flags.replace(/[gy]/g, ''), { timeout: 10_000 }) })),
  );
  for (const r of batch) {
    if (r.res.status === 'vulnerable') {
      bad++;
      console.log(`${r.file}:${r.line} /${r.source}/${r.flags}: ${r.res.complexity.summary}`);
    } else if (r.res.status === 'unknown') unknown++;
  }
}
console.log(`${found.length} regexes; ${unknown} undecided within the analyser's time limit`);
console.log(`${found.length - bad} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
