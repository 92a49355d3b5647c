// Build: validate + bundle the knowledge base, then esbuild the server, CLI and client bundles.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { checkKnowledge } from './kb-check.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const kbOnly = process.argv.includes('--kb-only');
const quiet = process.argv.includes('--quiet');
const log = quiet ? () => {} : console.log;

const { bad, entries } = checkKnowledge(log);
if (bad) {
  console.error('knowledge base has problems (see above)');
  process.exit(1);
}
if (kbOnly) process.exit(0);

fs.mkdirSync(path.join(root, 'server/out'), { recursive: true });
entries.sort((a, b) => a.id.localeCompare(b.id));
fs.writeFileSync(path.join(root, 'server/out/knowledge.json'), JSON.stringify(entries));
fs.copyFileSync(path.join(root, 'knowledge/schema.json'), path.join(root, 'server/out/schema.json'));

// mainFields: prefer ESM builds (jsonc-parser's UMD build has requires esbuild cannot follow).
const common = { bundle: true, platform: 'node', mainFields: ['module', 'main'], format: 'cjs', target: 'node18', minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
const builds = [
  { entryPoints: [path.join(root, 'server/src/cli.ts')], outfile: path.join(root, 'server/out/cli.js') },
  { entryPoints: [path.join(root, 'server/src/main.ts')], outfile: path.join(root, 'server/out/server.js') },
  { entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'client/out/extension.js'), external: ['vscode'] },
].filter((b) => fs.existsSync(b.entryPoints[0]));
await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
fs.chmodSync(path.join(root, 'server/out/cli.js'), 0o755);
for (const b of builds) log(`built ${path.relative(root, b.outfile)} (${(fs.statSync(b.outfile).size / 1024).toFixed(0)} KiB)`);
