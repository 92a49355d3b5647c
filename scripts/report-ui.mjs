// `npm run test:report-ui`: renders the incident report of captured runs (en and zh-cn, light and dark),
// takes Chromium screenshots into docs/report/, and runs axe-core on each page: any serious or critical
// violation fails. Tools come from scripts/setup/report-ui.sh (Debian chromium, playwright-core, axe-core).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tools = process.env.GRPC_DOCTOR_TOOLS ?? path.join(root, '.tools/e2e');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
  return r;
};
run('bash', ['scripts/setup/report-ui.sh']);
run(process.execPath, ['scripts/build.mjs', '--quiet']);

const require = createRequire(import.meta.url);
const { chromium } = require(path.join(tools, 'pw/node_modules/playwright-core'));
const axeSource = fs.readFileSync(path.join(tools, 'axe/node_modules/axe-core/axe.min.js'), 'utf8');

const outDir = path.join(root, 'docs/report');
const work = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'grpc-doctor-report-ui-'));
fs.mkdirSync(outDir, { recursive: true });

// A client and its server: a restart (stop, 5 s down, back) seen from grpc-js against a grpc-go server,
// and a graceful stop of grpc-java seen from its client: several incidents, causes and families.
const pairs = [
  [
    'test/fixtures/captured/grpc-js-1.14/restart-long.log',
    'test/fixtures/captured/grpc-js-1.14/restart-long.server.log',
  ],
  [
    'test/fixtures/captured/grpc-js-1.14-client--grpc-go-1.85.0-server/graceful-stop.log',
    'test/fixtures/captured/grpc-js-1.14-client--grpc-go-1.85.0-server/graceful-stop.server.log',
  ],
];
const cli = path.join(root, 'server/out/cli.js');

function report(files, locale) {
  const r = spawnSync(process.execPath, [cli, 'report', '--lang', locale, ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 1) throw new Error(`report exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let failures = 0;
try {
  // The check must be able to fail: a page with a known serious violation (an image without alt text).
  {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent(
      '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
    );
    await page.addScriptTag({ content: axeSource });
    const ids = await page.evaluate(async () =>
      (await axe.run(document)).violations
        .filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .map((v) => v.id),
    );
    if (!ids.includes('image-alt')) {
      console.error(`FAIL axe did not flag a known violation (got ${ids.join(', ')})`);
      failures++;
    }
    await context.close();
  }
  for (const [k, files] of pairs.entries()) {
    for (const locale of ['en', 'zh-cn']) {
      const file = path.join(work, `report-${k}-${locale}.html`);
      fs.writeFileSync(file, report(files, locale));
      for (const scheme of ['light', 'dark']) {
        // bypassCSP only so axe can be injected; the page itself allows no script
        const context = await browser.newContext({
          viewport: { width: 1200, height: 900 },
          colorScheme: scheme,
          bypassCSP: true,
          deviceScaleFactor: 1,
        });
        const page = await context.newPage();
        const requests = [];
        page.on('request', (req) => {
          if (!req.url().startsWith('file:')) requests.push(req.url());
        });
        await page.goto(`file://${file}`);
        await page.waitForLoadState('load');
        if (requests.length) {
          console.error(`FAIL ${path.basename(file)} ${scheme}: network requests ${requests.join(', ')}`);
          failures++;
        }
        const name = `report${k ? `-${k + 1}` : ''}-${locale}${scheme === 'dark' ? '-dark' : ''}.png`;
        if (k === 0 || scheme === 'light')
          await page.screenshot({ path: path.join(outDir, name), fullPage: k === 0 && scheme === 'light' });
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.length,
            target: v.nodes[0]?.target?.join(' '),
          }));
        });
        const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        for (const v of result)
          console.log(
            `${serious.includes(v) ? 'FAIL' : 'note'} axe ${path.basename(file)} ${scheme}: ${v.impact} ${v.id} (${v.nodes} nodes, e.g. ${v.target}): ${v.help}`,
          );
        failures += serious.length;
        console.log(
          `ok   ${path.basename(file)} ${scheme}: ${result.length} axe violations, ${serious.length} serious or critical${k === 0 || scheme === 'light' ? ` -> docs/report/${name}` : ''}`,
        );
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  fs.rmSync(work, { recursive: true, force: true });
}
if (failures) {
  console.error(`report-ui: ${failures} failure(s)`);
  process.exit(1);
}
console.log('report-ui: all pages pass axe (no serious or critical violations), screenshots in docs/report/');
