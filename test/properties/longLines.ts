/**
 * Long-line properties (issue 18): every knowledge literal and regex anchor repeated on one line, and a
 * line with a million hits. The scanner must stay linear: columns counted on, regexes in windows, no
 * spread of hit arrays. Shared by `npm test` (sizes that run in seconds) and `npm run fuzz` (bigger).
 */
import * as assert from 'node:assert/strict';
import { scanBytes, scanText, ScanState, type Finding } from '../../server/src/core/scan/matcher';
import type { PatternSet } from '../../server/src/core/scan/patterns';

/** Each literal of the set repeated `repeats` times on one line (with a separator, then without). */
export function repeatedLiteralsProperty(set: PatternSet, repeats: number, literals = set.literals): void {
  for (const literal of literals) {
    for (const sep of [' ', '']) {
      const line = (literal + sep).repeat(repeats);
      const found = scanText(set, line, { includeLookalikes: true });
      for (const f of found) {
        assert.equal(f.line, 0, literal);
        assert.ok(f.column >= 0 && f.endColumn <= line.length && f.column < f.endColumn, literal);
      }
      // the byte path (CLI files) agrees with the string path
      const out: Finding[] = [];
      const data = Buffer.from(line, 'utf8');
      scanBytes(set, data, 0, data.length, 0, 0, { includeLookalikes: true }, new ScanState(), out);
      assert.deepEqual(out, found, literal);
    }
  }
}

/** One line with `hits` occurrences of a short literal: found, no RangeError, first column right. */
export function millionHitsProperty(set: PatternSet, literal: string, hits: number): void {
  const line = `é${literal.repeat(hits)}`;
  const found = scanText(set, line, { includeLookalikes: true });
  assert.ok(found.length >= 1);
  assert.equal(found[0].column, 1);
  const out: Finding[] = [];
  const data = Buffer.from(line, 'utf8');
  scanBytes(set, data, 0, data.length, 0, 0, { includeLookalikes: true }, new ScanState(), out);
  assert.deepEqual(out, found);
}
