// `npm run package [-- --out FILE]`: build the bundles, then pack grpc-doctor-<version>.vsix with a pinned @vscode/vsce
// (3.9.2 runs on Node >= 20; 4.x needs Node 22). The bundles carry their dependencies, so --no-dependencies.
// Afterwards the archive is checked: only allow-listed files, and under the size budget.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const VSCE = '@vscode/vsce@3.9.2';
const MAX_BYTES = 1.5 * 1024 * 1024;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = outArg >= 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, `${pkg.name}-${pkg.version}.vsix`);

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['scripts/build.mjs', '--quiet']);
fs.rmSync(out, { force: true });
run('npx', [
  '--yes',
  VSCE,
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '-o',
  out,
]);

// Every file must be vsce's own metadata or one the .vscodeignore allow-list names.
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|package\.nls(\.[\w-]+)?\.json)$/,
  /^extension\/(readme\.md|changelog\.md|license(\.txt)?)$/i,
  /^extension\/client\/out\/extension\.js$/,
  /^extension\/server\/out\/(server\.js|knowledge\.json|schema\.json|lib\/[\w.-]+\.js)$/,
  /^extension\/l10n\/bundle\.l10n\.[\w-]+\.json$/,
  /^extension\/media\/(icon\.png|walkthrough\/[\w-]+\.md|samples\/[\w.-]+)$/,
  /^extension\/docs\/[\w-]+\.md$/,
  /^extension\/test\/e2e\/screenshots\/02-hover\.png$/,
];
const files = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.endsWith('/'));
const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
const size = fs.statSync(out).size;
console.log(`${path.basename(out)}: ${files.length} files, ${(size / 1024).toFixed(0)} KiB`);
if (stray.length) {
  console.error(`unexpected files in the VSIX:\n  ${stray.join('\n  ')}`);
  process.exit(1);
}
// server/out/lib/: libraries the server loads on first use (scripts/build.mjs)
const lazyLibs = fs.readdirSync(path.join(root, 'server/out/lib')).map((f) => `extension/server/out/lib/${f}`);
for (const must of [
  'extension/client/out/extension.js',
  'extension/server/out/server.js',
  'extension/server/out/knowledge.json',
  'extension/l10n/bundle.l10n.zh-cn.json',
  ...lazyLibs,
]) {
  if (!files.includes(must)) {
    console.error(`missing from the VSIX: ${must}`);
    process.exit(1);
  }
}
if (size > MAX_BYTES) {
  console.error(`the VSIX is ${size} bytes, over the ${MAX_BYTES} byte budget`);
  process.exit(1);
}
