import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkPatternRegex } from '../../../../server/src/core/scan/regexSafety';

test('catastrophic regexes are rejected with a reason', () => {
  for (const bad of ['(a+)+$', '(x|xx)*y', '(.*a)+', '(\\d+)*closed', '(?:ab+)+c']) {
    const r = checkPatternRegex(bad);
    assert.equal(r.ok, false, bad);
    assert.match(r.reason ?? '', /nested quantifier|literal run/);
  }
});

test('backreferences and lookaround are rejected', () => {
  assert.match(checkPatternRegex('(abcd)\\1').reason ?? '', /backreference/);
  assert.match(checkPatternRegex('Socket(?= closed)').reason ?? '', /lookaround/);
});

test('safe regexes yield the longest guaranteed literal as anchor', () => {
  assert.deepEqual(checkPatternRegex('Received RST_STREAM with error code \\d+'), { ok: true, anchor: 'Received RST_STREAM with error code ' });
  assert.equal(checkPatternRegex('GOAWAY received; Error code: \\d+; Debug Text: (max_age|too_many_pings)').anchor, 'GOAWAY received; Error code: ');
  assert.equal(checkPatternRegex('error reading from server: (EOF|read tcp)').anchor, 'error reading from server: ');
});

test('patterns without a usable anchor or invalid syntax are rejected', () => {
  assert.equal(checkPatternRegex('abc|defg').ok, false);
  assert.equal(checkPatternRegex('\\d+\\s+\\w+').ok, false);
  assert.match(checkPatternRegex('Socket (closed').reason ?? '', /invalid regex/);
});
