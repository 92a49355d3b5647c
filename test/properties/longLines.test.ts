import { test } from 'node:test';
import { shippedPatterns } from '../helpers/knowledge';
import { millionHitsProperty, repeatedLiteralsProperty } from './longLines';

// `npm run fuzz` repeats every knowledge literal 10^5 times (about a minute); here 10^4.
test(
  'each knowledge literal repeated 10^4 times on one line: same findings from text and bytes, all in range',
  { timeout: 300_000 },
  () => {
    repeatedLiteralsProperty(shippedPatterns(), 10_000);
  },
);

test('a line with 10^6 hits gives its finding with the right column', { timeout: 120_000 }, () => {
  millionHitsProperty(shippedPatterns(), 'Received Goaway', 1_000_000);
});
