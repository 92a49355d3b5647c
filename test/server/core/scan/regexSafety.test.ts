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
  assert.deepEqual(checkPatternRegex('Received RST_STREAM with error code \\d+'), {
    ok: true,
    anchor: 'Received RST_STREAM with error code ',
    sticky: true,
  });
  assert.equal(
    checkPatternRegex('GOAWAY received; Error code: \\d+; Debug Text: (max_age|too_many_pings)').anchor,
    'GOAWAY received; Error code: ',
  );
  assert.equal(checkPatternRegex('error reading from server: (EOF|read tcp)').anchor, 'error reading from server: ');
});

test('patterns without a usable anchor or invalid syntax are rejected', () => {
  assert.equal(checkPatternRegex('abc|defg').ok, false);
  assert.equal(checkPatternRegex('\\d+\\s+\\w+').ok, false);
  assert.match(checkPatternRegex('Socket (closed').reason ?? '', /invalid regex/);
});

test('issue 18 defect 4: `?` counts as a quantifier inside a repeated group, and unbounded quantifiers may not follow each other', () => {
  assert.match(checkPatternRegex('ZZZZ(?:a?a?)+!').reason ?? '', /nested quantifier/);
  assert.match(checkPatternRegex('ZZZZ\\w*\\w*\\w*\\w*\\w*\\w*\\w*!').reason ?? '', /adjacent unbounded/);
  assert.match(checkPatternRegex('ZZZZ\\w+x?\\d*!').reason ?? '', /adjacent unbounded/);
  assert.equal(checkPatternRegex('ZZZZ\\w+x\\d*!').ok, true); // a required character between them
  assert.equal(checkPatternRegex('Channel (?:closed|shut down)!').ok, true);
  assert.equal(checkPatternRegex('ZZZZ.*?done').ok, true); // a lazy modifier is not a second quantifier
});

test('a regex whose every match starts with a literal run is anchored there and runs sticky', () => {
  assert.deepEqual(checkPatternRegex('Error reading next message\\..*The response ended prematurely'), {
    ok: true,
    anchor: 'Error reading next message.',
    sticky: true,
  });
  assert.deepEqual(checkPatternRegex('(UNKNOWN|UNAVAILABLE): channel closed'), {
    ok: true,
    anchor: ': channel closed',
  });
  assert.equal(checkPatternRegex('Server [Ss]hutdown\\b').anchor, 'Server ');
  assert.deepEqual(checkPatternRegex('abcde?fghijk'), { ok: true, anchor: 'abcd', sticky: true }); // the optional `e` ends the run
});
