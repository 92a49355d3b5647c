// `npm run docs`: regenerates the parts of docs/ that come from code (docs/lint.md "Rules" from each lint
// rule's meta). The TypeScript is bundled in memory by esbuild, so no build is needed first.
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = await esbuild.build({
  entryPoints: [path.join(root, 'server/src/core/lint/docs.ts')],
  bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning', mainFields: ['module', 'main'],
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
const file = path.join(root, 'docs/lint.md');
const before = fs.readFileSync(file, 'utf8');
const after = mod.exports.withRulesSection(before);
if (after !== before) fs.writeFileSync(file, after);
console.log(after === before ? 'docs/lint.md is current' : 'docs/lint.md updated');
