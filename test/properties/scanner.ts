import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { StreamScanner } from '../../server/src/cli/fileScanner';
import { scanText, type Finding } from '../../server/src/core/scan/matcher';
import type { PatternSet } from '../../server/src/core/scan/patterns';
import { isContinuationLine } from '../../server/src/core/scan/wrappers';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';

/** Example lines that, alone, give exactly one finding and are not continuation lines of an incident. */
export function standaloneErrorLines(set: PatternSet): { line: string; finding: Finding }[] {
  const out: { line: string; finding: Finding }[] = [];
  for (const e of defaultKnowledge().entries) {
    for (const line of e.examples.match) {
      if (line.includes('\n') || line.includes('\r') || isContinuationLine(line)) continue;
      const found = scanText(set, line);
      if (found.length === 1) out.push({ line, finding: found[0] });
    }
  }
  return out;
}

const NOISE_WORDS = [
  'INFO',
  'DEBUG',
  'request',
  'served',
  'in',
  '12ms',
  'user=42',
  'GET',
  '/api/v1/items',
  'cache',
  'hit',
  'worker',
  'started',
  '2024-05-01T10:00:00Z',
  '→',
  '服务',
  'ok',
  '{"k":1}',
  'shutting',
  'down',
  'exporter',
  'closed',
  'stream',
  'é',
];

const noiseLine = fc.array(fc.constantFrom(...NOISE_WORDS), { maxLength: 12 }).map((w) => w.join(' '));

/**
 * Random logs with real error lines embedded: the scanner reports exactly the embedded lines, at the
 * right line and column, and the byte-stream scanner (random chunk sizes) agrees with the string scanner.
 */
export function embeddedErrorsProperty(set: PatternSet, numRuns: number, seed?: number, maxMs = Infinity): void {
  const errors = standaloneErrorLines(set);
  assert.ok(errors.length > 0, 'no standalone example lines');
  const item = fc.oneof(
    { weight: 4, arbitrary: noiseLine.map((text) => ({ text, error: -1 })) },
    { weight: 1, arbitrary: fc.nat(errors.length - 1).map((i) => ({ text: errors[i].line, error: i })) },
  );
  fc.assert(
    fc.property(
      fc.array(item, { maxLength: 60 }),
      fc.constantFrom('\n', '\r\n'),
      fc.integer({ min: 1, max: 4096 }),
      (lines, eol, chunk) => {
        const text = lines.map((l) => l.text).join(eol);
        const started = performance.now();
        const found = scanText(set, text);
        const elapsed = performance.now() - started;
        if (elapsed > maxMs) throw new Error(`scan took ${elapsed.toFixed(1)} ms`);
        const expected = lines.flatMap((l, i) =>
          l.error === -1 ? [] : [{ ...errors[l.error].finding, line: i, endLine: i }],
        );
        assert.deepEqual(found, expected);
        const stream = new StreamScanner(set);
        const bytes = Buffer.from(text, 'utf8');
        for (let at = 0; at < bytes.length; at += chunk) stream.push(bytes.subarray(at, at + chunk));
        assert.deepEqual(stream.end(), expected);
      },
    ),
    { numRuns, seed },
  );
}
