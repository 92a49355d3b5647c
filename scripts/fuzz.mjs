// `npm run fuzz`: the property tests of test/properties/ with many cases (default 100 000 in total) and
// a 100 ms limit per single scan/refresh/lint and per LSP request. Builds first, like npm test.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const total = Number(process.env.FUZZ_RUNS ?? 100000);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
for (const [cmd, args] of [
  [process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']],
  [process.execPath, ['scripts/build.mjs', '--quiet']],
]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { shippedPatterns } = require(path.join(root, 'out/test/helpers/knowledge.js'));
const lsp = require(path.join(root, 'out/test/properties/lspRequests.js'));
/** An LSP property on its own in-process server (warmed up before the timed requests). */
const overLsp = (property) => async (runs) => {
  const session = await lsp.startSession();
  try {
    await property(session, runs, seed, 100);
  } finally {
    await session.stop();
  }
};
/** Each hostile workspace is built on disk (MBs of files): fewer cases than the in-memory properties. */
const HOSTILE_RUNS = Number(process.env.FUZZ_HOSTILE_RUNS ?? 200);
/** The first request in a new folder waits for its index (a bounded async walk + capped reads). */
const INDEX_MS = 1000;
const properties = [
  [
    'scanner: embedded real errors, string vs stream',
    (runs) =>
      require(path.join(root, 'out/test/properties/scanner.js')).embeddedErrorsProperty(
        shippedPatterns(),
        runs,
        seed,
        100,
      ),
  ],
  [
    'documents: random edit sequences, incremental == full rescan',
    (runs) =>
      require(path.join(root, 'out/test/properties/incremental.js')).incrementalEqualsFullProperty(runs, seed, 100),
  ],
  [
    'service-config lint: random configs never throw, ranges inside',
    (runs) =>
      require(path.join(root, 'out/test/properties/serviceConfigLint.js')).lintNeverThrowsProperty(runs, seed, 100),
  ],
  [
    'long lines: every knowledge literal repeated 10^5 times on one line, and 10^6 hits on one line',
    () => {
      const ll = require(path.join(root, 'out/test/properties/longLines.js'));
      ll.repeatedLiteralsProperty(shippedPatterns(), 100_000);
      // literals that are a finding on their own (no wrapper or regex needed), a few of them
      const { scanText } = require(path.join(root, 'out/server/src/core/scan/matcher.js'));
      const alone = shippedPatterns().literals.filter(
        (l) => scanText(shippedPatterns(), l, { includeLookalikes: true }).length > 0,
      );
      for (const literal of alone.slice(0, 3)) ll.millionHitsProperty(shippedPatterns(), literal, 1_000_000);
    },
  ],
  [
    'hostile workspaces: FIFOs, device and escaping symlinks, huge/malformed pom.xml/go.mod/package.json/.proto, import cycles and escapes, deep/wide trees, pathological lines; every request within budget',
    (runs) =>
      require(path.join(root, 'out/test/properties/hostileWorkspace.js')).hostileWorkspaceProperty(
        Math.min(runs, HOSTILE_RUNS),
        seed,
        100,
        INDEX_MS,
      ),
  ],
  [
    'LSP: random documents + hover/codeAction/lookup/entry, answered without internal error',
    overLsp(lsp.lspRequestsProperty),
  ],
  [
    'LSP: code actions edit only their own document, at its current version',
    overLsp(lsp.codeActionsStayInDocumentProperty),
  ],
];
const per = Math.ceil(total / properties.length);
console.log(`fuzz: ${properties.length} properties × ${per} cases, seed ${seed}`);
let failed = 0;
for (const [name, run] of properties) {
  const started = Date.now();
  try {
    await run(per);
    console.log(`ok   ${name} (${per} cases, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed++;
    // fast-check 4 keeps the property's own error in `cause`
    console.log(`FAIL ${name}\n${err.message}${err.cause ? `\ncause: ${err.cause.stack ?? err.cause}` : ''}`);
  }
}
const { requests, codeActions, edits } = lsp.stats;
console.log(
  `LSP requests: ${requests}, code actions returned: ${codeActions}, of them with edits: ${edits}; slowest (ms): ${JSON.stringify(lsp.stats.slowestMs)}`,
);
const hw = require(path.join(root, 'out/test/properties/hostileWorkspace.js')).stats;
console.log(
  `hostile workspaces: ${hw.workspaces}, requests: ${hw.requests}; slowest (ms): ${JSON.stringify(hw.slowestMs)}`,
);
console.log(`${properties.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
