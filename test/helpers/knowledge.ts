import * as path from 'path';
import { defaultKnowledge } from '../../server/src/knowledge/index';
import { compilePatterns, type PatternSet } from '../../server/src/scan/patterns';

/** Repository root (tests run from out/test/...). */
export const ROOT = path.resolve(__dirname, '../../..');

let set: PatternSet | undefined;
/** The shipped knowledge compiled once for all tests in a file. */
export function shippedPatterns(): PatternSet {
  set ??= compilePatterns(defaultKnowledge().entries);
  return set;
}

export function fixture(...parts: string[]): string {
  return path.join(ROOT, 'test/fixtures', ...parts);
}
