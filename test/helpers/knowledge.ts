import * as path from 'path';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { compilePatterns, type PatternSet } from '../../server/src/core/scan/patterns';

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
