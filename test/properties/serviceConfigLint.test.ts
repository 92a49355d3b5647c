import { test } from 'node:test';
import { lintNeverThrowsProperty } from './serviceConfigLint';

test('random service configs (JSON and source literals): lint never throws, ranges inside the document (seeded sample)', () => {
  lintNeverThrowsProperty(300, 20261128);
});
