/**
 * Every built-in regex is checked by a kept ReDoS analyser (recheck) in the way it runs: pattern regexes
 * sticky at their anchor when they start with it (boundedRegex.ts), else unanchored in a window; the
 * wrapper regexes unanchored on the line. User regexes run on V8's linear-time engine instead.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkSync } from 'recheck';
import { compilePatterns } from '../../../../server/src/core/scan/patterns';
import { wrapperRegexes } from '../../../../server/src/core/scan/wrappers';
import { evidenceRegexes } from '../../../../server/src/core/scan/evidence';
import { prefixRegexes } from '../../../../server/src/core/scan/linePrefix';
import { scanText } from '../../../../server/src/core/scan/matcher';
import { defaultKnowledge } from '../../../../server/src/project/knowledgeFiles';

/**
 * recheck answers 'unknown' when its time runs out, which happens on a loaded machine; that says nothing about
 * the regex, so it is asked once more with a longer budget before the answer counts.
 */
function verdict(source: string, flags: string): string {
  let r = checkSync(source, flags, { timeout: 20_000 });
  if (r.status === 'unknown') r = checkSync(source, flags, { timeout: 90_000 });
  return r.status === 'vulnerable'
    ? `vulnerable (${r.complexity.summary}), attack ${JSON.stringify(r.attack.string.slice(0, 60))}`
    : r.status;
}

test('the analyser sees the quadratic shapes of issue 18 (so the checks below can fail)', { timeout: 400_000 }, () => {
  assert.match(
    verdict('Error reading next message\\..*The response ended prematurely', ''),
    /^vulnerable \(2nd degree polynomial/,
  );
  assert.match(verdict('ZZZZ(?:a?a?)+!', ''), /^vulnerable \(exponential/);
  assert.match(verdict('ZZZZ\\w*\\w*\\w*!', ''), /^vulnerable/);
});

test('every built-in pattern regex is safe in the mode it runs in', { timeout: 300_000 }, () => {
  const set = compilePatterns(defaultKnowledge().entries);
  const regexes = set.patterns.filter((p) => p.regex);
  assert.ok(regexes.length >= 20);
  const bad = regexes
    .map((p) => ({ id: p.entryId, source: p.regex!.source, flags: p.regexSticky ? 'y' : '' }))
    .map((r) => ({ ...r, verdict: verdict(r.source, r.flags) }))
    .filter((r) => r.verdict !== 'safe');
  assert.deepEqual(bad, []);
});

test('every wrapper regex (run on whole lines) is safe', { timeout: 300_000 }, () => {
  const bad = wrapperRegexes()
    .map((re) => ({ source: re.source, verdict: verdict(re.source, re.flags.replace(/[gy]/g, '')) }))
    .filter((r) => r.verdict !== 'safe');
  assert.deepEqual(bad, []);
});

test('every evidence, level and prefix regex (run on whole lines or records) is safe', { timeout: 300_000 }, () => {
  const bad = [...evidenceRegexes(), ...prefixRegexes()]
    .map((re) => ({ source: re.source, verdict: verdict(re.source, re.flags.replace(/[gy]/g, '')) }))
    .filter((r) => r.verdict !== 'safe');
  assert.deepEqual(bad, []);
});

test(
  'user regexes run on the linear-time engine: a backtracking-polynomial one that passes the structural check stays fast',
  { timeout: 60_000 },
  () => {
    const set = compilePatterns([], [{ regex: 'ZZZZ.*a.*a.*a.*!' }]);
    assert.deepEqual(set.problems, []);
    assert.ok(set.patterns[0].regex!.flags.includes('l'));
    assert.deepEqual(scanText(set, `ZZZZ${'a'.repeat(200_000)}`), []);
    assert.equal(scanText(set, 'x ZZZZ a a a !').length, 1);
  },
);

test('entries from a --knowledge directory run on the linear-time engine; built-ins do not', () => {
  const entries = defaultKnowledge().entries;
  const dotnet = entries.find((e) => e.id === 'grpc-dotnet/error-reading-next-message')!;
  const trusted = compilePatterns([dotnet]);
  const untrusted = compilePatterns([dotnet], [], new Set([dotnet.id]));
  assert.ok(!trusted.patterns.find((p) => p.regex)!.regex!.flags.includes('l'));
  assert.ok(untrusted.patterns.find((p) => p.regex)!.regex!.flags.includes('l'));
});
