// Build: validate + bundle the knowledge base, then esbuild the server, CLI and client bundles.
import fs from 'node:fs';
import { createRequire } from 'node:module';
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
const common = {
  bundle: true,
  platform: 'node',
  mainFields: ['module', 'main'],
  format: 'cjs',
  target: 'node18',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

// Libraries the server and CLI need only on some requests (a lookup with no word match, reading .proto
// files): each is bundled on its own into server/out/lib/ and required from there on first use (the
// sources require them inside the function that needs them), so start-up neither compiles nor runs them.
const require = createRequire(import.meta.url);
const LAZY_LIBS = { 'fuse.js': 'fuse.js', protobufjs: 'protobufjs.js' };
const lazyLibs = {
  name: 'lazy-libs',
  setup(build) {
    build.onResolve({ filter: /^(fuse\.js|protobufjs)$/ }, (args) => ({
      path: `./lib/${LAZY_LIBS[args.path]}`,
      external: true,
    }));
  },
};
fs.rmSync(path.join(root, 'server/out/lib'), { recursive: true, force: true });
const builds = [
  {
    entryPoints: [path.join(root, 'server/src/cli/entry.ts')],
    outfile: path.join(root, 'server/out/cli.js'),
    plugins: [lazyLibs],
  },
  // ajv validates knowledge entries; the server only reads knowledge.json, validated above at build time.
  {
    entryPoints: [path.join(root, 'server/src/lsp/main.ts')],
    outfile: path.join(root, 'server/out/server.js'),
    plugins: [lazyLibs],
    external: ['ajv'],
  },
  {
    entryPoints: [path.join(root, 'client/src/extension.ts')],
    outfile: path.join(root, 'client/out/extension.js'),
    external: ['vscode'],
  },
  ...Object.entries(LAZY_LIBS).map(([lib, file]) => ({
    entryPoints: [require.resolve(lib)],
    outfile: path.join(root, 'server/out/lib', file),
  })),
].filter((b) => fs.existsSync(b.entryPoints[0]));
await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
fs.chmodSync(path.join(root, 'server/out/cli.js'), 0o755);
for (const b of builds)
  log(`built ${path.relative(root, b.outfile)} (${(fs.statSync(b.outfile).size / 1024).toFixed(0)} KiB)`);
