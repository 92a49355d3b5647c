import { test } from 'node:test';
import { shippedPatterns } from '../helpers/knowledge';
import { embeddedErrorsProperty } from './scanner';

// A seeded sample; `npm run fuzz` runs the same properties with 10^5 cases.
test('random logs with embedded real errors: exactly those are found (seeded sample)', () => {
  embeddedErrorsProperty(shippedPatterns(), 150, 20261128);
});
