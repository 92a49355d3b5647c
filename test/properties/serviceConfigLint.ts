import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintServiceConfigDocument, type Range } from '../../server/src/core/lint/index';

const KEYS = [
  'methodConfig',
  'name',
  'service',
  'method',
  'retryPolicy',
  'retry_policy',
  'RetryPolicy',
  'maxAttempts',
  'maxAttempt',
  'initialBackoff',
  'maxBackoff',
  'backoffMultiplier',
  'retryableStatusCodes',
  'hedgingPolicy',
  'hedgingDelay',
  'waitForReady',
  'timeout',
  'retryThrottling',
  'maxTokens',
  'tokenRatio',
  'loadBalancingConfig',
  'x',
];
const STRINGS = [
  '0.1s',
  '10ms',
  '.5s',
  '1S',
  '',
  'UNAVAILABLE',
  'unavailable',
  'Unavailable',
  'CANCELED',
  'pkg.Svc',
  'Call',
  'é\u2028',
  '\\',
  '"',
];

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...STRINGS),
    fc.oneof(fc.integer({ min: -3, max: 20 }), fc.double({ noNaN: true, min: -10, max: 10 })),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 5 }),
  ),
})).v;

/** A service config (often broken: truncated, with comments or trailing commas). */
const configText = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 4 }),
    fc.nat(),
    fc.constantFrom('none', 'truncate', 'comment', 'comma'),
  )
  .map(([obj, cut, damage]) => {
    const json = JSON.stringify({ methodConfig: [obj], ...obj }, null, cut % 2 ? 2 : undefined);
    switch (damage) {
      case 'truncate':
        return json.slice(0, cut % (json.length + 1));
      case 'comment':
        return `// c\n${json}`;
      case 'comma':
        return json.replace(/}$/, ',}');
      default:
        return json;
    }
  });

const escapeFor = (s: string, quote: string): string =>
  s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n');

/** The config as a .json document or embedded in a source literal, the way users write them. */
export const serviceConfigDocumentArb = fc
  .tuple(configText, fc.constantFrom('json', 'python', 'go', 'typescript', 'javascript'))
  .map(([config, languageId]) => {
    switch (languageId) {
      case 'python':
        return {
          languageId,
          text: `import grpc\nSC = '${escapeFor(config, "'")}'\nch = grpc.insecure_channel('h:1', options=[("grpc.service_config", SC)])\n`,
        };
      case 'go':
        return {
          languageId,
          text: `package main\nconst sc = "${escapeFor(config, '"')}"\nvar _ = grpc.WithDefaultServiceConfig(sc)\n`,
        };
      case 'json':
        return { languageId, text: config };
      default:
        return {
          languageId,
          text: `const c = new Client('h:1', creds, { 'grpc.service_config': "${escapeFor(config, '"')}" });\n`,
        };
    }
  });

function assertInside(text: string, range: Range): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length, `line ${p.line} outside the document`);
    assert.ok(
      p.character >= 0 && p.character <= lines[p.line].length,
      `character ${p.character} outside line ${p.line}`,
    );
  }
  assert.ok(
    range.start.line < range.end.line ||
      (range.start.line === range.end.line && range.start.character <= range.end.character),
    'range ends before it starts',
  );
}

/** Random service configs: the lint never throws, and every range and fix edit lies inside the document. */
export function lintNeverThrowsProperty(numRuns: number, seed?: number, maxMs = Infinity): void {
  fc.assert(
    fc.property(serviceConfigDocumentArb, ({ text, languageId }) => {
      const started = performance.now();
      const problems = lintServiceConfigDocument(text, languageId);
      const elapsed = performance.now() - started;
      if (elapsed > maxMs) throw new Error(`lint took ${elapsed.toFixed(1)} ms`);
      for (const p of problems) {
        assertInside(text, p.range);
        for (const fix of p.fixes) for (const e of fix.edits) assertInside(text, e.range);
      }
    }),
    { numRuns, seed },
  );
}
