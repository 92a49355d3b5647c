// `npm run docs`: regenerates the parts of docs/ that come from code (docs/lint.md "Rules" from each lint
// rule's meta, docs/quickfixes.md's table from the quick-fix providers' meta). The TypeScript is bundled in memory by esbuild, so no build is needed first.
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = await esbuild.build({
  stdin: {
    contents: "export * from './server/src/core/lint/docs'; export * from './server/src/core/fixes/docs';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
for (const [name, render] of [
  ['docs/lint.md', mod.exports.withRulesSection],
  ['docs/quickfixes.md', mod.exports.withQuickFixTable],
]) {
  const file = path.join(root, name);
  const before = fs.readFileSync(file, 'utf8');
  const after = render(before);
  if (after !== before) fs.writeFileSync(file, after);
  console.log(after === before ? `${name} is current` : `${name} updated`);
}
