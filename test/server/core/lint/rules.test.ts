import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintServiceConfigDocument, type LintProblem, type ProtoIndex } from '../../../../server/src/core/lint/index';
import { applyEdits, rangeAt, rangeOf, withCode } from './helpers';

const POLICY =
  '"retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}';
const config = (policy = POLICY, name = '[{"service": "echo.Echo"}]', extra = ''): string =>
  `{\n  "methodConfig": [{\n    "name": ${name},\n    ${policy}${extra}\n  }]\n}\n`;
const VALID = config();

const lint = (text: string, languageId = 'json', protoIndex?: ProtoIndex): LintProblem[] =>
  lintServiceConfigDocument(text, languageId, { protoIndex });

/** Asserts exactly one problem with `code` at `needle` and returns it. */
/** Asserts exactly one problem with `code` at the `nth` `needle` (or at `needle` inside `context`). */
function only(
  text: string,
  code: string,
  needle: string | [context: string, needle: string],
  nth = 0,
  languageId = 'json',
  protoIndex?: ProtoIndex,
): LintProblem {
  const range =
    typeof needle === 'string'
      ? rangeOf(text, needle, nth)
      : rangeAt(text, text.indexOf(needle[0]) + needle[0].indexOf(needle[1]), needle[1].length);
  const all = withCode(lint(text, languageId, protoIndex), code);
  const found = all.filter((p) => JSON.stringify(p.range) === JSON.stringify(range));
  assert.equal(
    found.length,
    1,
    `${code} at ${JSON.stringify(range)}: ${JSON.stringify(all.map((p) => [p.range, p.message]))}`,
  );
  return found[0];
}

/** Applies the first fix and checks the problem is gone. */
function fixes(text: string, problem: LintProblem, expectedText: string, languageId = 'json'): void {
  assert.ok(problem.fixes.length > 0, 'a fix is offered');
  const fixed = applyEdits(text, problem.fixes[0].edits);
  assert.ok(fixed.includes(expectedText), fixed);
  assert.equal(
    withCode(lint(fixed, languageId), problem.code).filter((p) => p.severity !== 'information').length,
    0,
    fixed,
  );
}

const PROTO: ProtoIndex = {
  services: new Map([
    [
      'echo.Echo',
      new Map([
        ['UnaryEcho', { clientStreaming: false, serverStreaming: false, file: 'echo.proto' }],
        ['ServerStreamingEcho', { clientStreaming: false, serverStreaming: true, file: 'echo.proto' }],
      ]),
    ],
  ]),
  problems: [],
};

test('a portable config has no problems except the stream hint', () => {
  assert.deepEqual(
    lint(VALID, 'json', PROTO).map((p) => p.code),
    ['sc/stream-retry-after-response'],
  );
  assert.deepEqual(lint(config(POLICY.replace('UNAVAILABLE', 'RESOURCE_EXHAUSTED')), 'json', PROTO), []);
});

test('sc/parse-error: malformed JSON, comments and trailing commas', () => {
  const text = VALID.replace('"maxAttempts": 3,', '"maxAttempts": 3,,');
  const found = withCode(lint(text), 'sc/parse-error');
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].range, rangeAt(text, text.indexOf(',,') + 1, 1));
  const commented = VALID.replace('"methodConfig"', '// retries\n  "methodConfig"');
  const p = only(commented, 'sc/parse-error', '// retries');
  assert.ok(p.message.includes('InvalidCommentToken'));
  assert.equal(withCode(lint(VALID), 'sc/parse-error').length, 0);
});

test('sc/unknown-key: did-you-mean with a rename fix; Go accepts PascalCase', () => {
  const snake = VALID.replace('"retryPolicy"', '"retry_policy"');
  const p = only(snake, 'sc/unknown-key', '"retry_policy"');
  assert.match(p.message, /did you mean "retryPolicy"/);
  assert.equal(p.verdicts.go, 'ignores');
  fixes(snake, p, '"retryPolicy"');
  const pascal = VALID.replace('"retryPolicy"', '"RetryPolicy"');
  const q = only(pascal, 'sc/unknown-key', '"RetryPolicy"');
  assert.equal(q.verdicts.go, 'accepts');
  assert.equal(q.verdicts.core, 'ignores');
  assert.equal(
    withCode(lintServiceConfigDocument(pascal, 'json', { implementationHint: 'go' }), 'sc/unknown-key')[0].severity,
    'warning',
  );
  const typo = VALID.replace('"backoffMultiplier"', '"backofMultiplier"');
  fixes(typo, only(typo, 'sc/unknown-key', '"backofMultiplier"'), '"backoffMultiplier"');
  const nothingClose = VALID.replace('"maxAttempts": 3,', '"maxAttempts": 3, "color": 1,');
  assert.deepEqual(only(nothingClose, 'sc/unknown-key', '"color"').fixes, []);
  assert.equal(withCode(lint(VALID), 'sc/unknown-key').length, 0);
});

test('sc/wrong-level: policy keys at the top level, throttling inside a method config', () => {
  const text = `{"methodConfig": [{"name": [{"service": "a.B"}], "retryThrottling": {"maxTokens": 10, "tokenRatio": 0.1}}], ${POLICY}}`;
  only(text, 'sc/wrong-level', '"retryPolicy"');
  const p = only(text, 'sc/wrong-level', '"retryThrottling"', 0);
  assert.match(p.message, /belongs in the top level/);
  assert.equal(p.verdicts.core, 'ignores');
  assert.equal(withCode(lint(VALID), 'sc/wrong-level').length, 0);
});

test('sc/duration-format: leading dot, units, numbers, missing s, upper-case S', () => {
  const dot = VALID.replace('"0.1s"', '".1s"');
  const p = only(dot, 'sc/duration-format', '".1s"');
  assert.deepEqual([p.verdicts.core, p.verdicts.go, p.verdicts.node], ['rejects', 'accepts', 'rejects']);
  fixes(dot, p, '"0.1s"');
  assert.equal(
    withCode(lintServiceConfigDocument(dot, 'json', { implementationHint: 'go' }), 'sc/duration-format')[0].severity,
    'warning',
  );
  assert.equal(
    withCode(lintServiceConfigDocument(dot, 'json', { implementationHint: 'core' }), 'sc/duration-format')[0].severity,
    'error',
  );
  assert.equal(withCode(lint(dot, 'python'), 'sc/duration-format').length, 0, 'json text is not python source');
  const ms = VALID.replace('"1s"', '"250ms"');
  fixes(ms, only(ms, 'sc/duration-format', '"250ms"'), '"0.25s"');
  const num = VALID.replace('"1s"', '1');
  const numProblem = withCode(lint(num), 'sc/duration-format');
  assert.equal(numProblem.length, 1);
  assert.deepEqual(numProblem[0].range, rangeAt(num, num.indexOf('"maxBackoff": 1') + '"maxBackoff": '.length, 1));
  fixes(num, numProblem[0], '"maxBackoff": "1s"');
  const noS = VALID.replace('"1s"', '"1"');
  fixes(noS, only(noS, 'sc/duration-format', '"1"'), '"1s"');
  const upper = VALID.replace('"1s"', '"1.5S"');
  fixes(upper, only(upper, 'sc/duration-format', '"1.5S"'), '"1.5s"');
  const timeout = config(POLICY, undefined, ',\n    "timeout": "30"');
  only(timeout, 'sc/duration-format', '"30"');
  assert.equal(
    withCode(lint(config(POLICY, undefined, ',\n    "timeout": "30.000000001s"')), 'sc/duration-format').length,
    0,
  );
});

test('sc/max-attempts-range: below 2 (error, fix), above 5 (information, clamp), strings and fractions', () => {
  const one = VALID.replace('"maxAttempts": 3', '"maxAttempts": 1');
  const p = only(one, 'sc/max-attempts-range', ['"maxAttempts": 1', '1']);
  assert.equal(p.range.end.character - p.range.start.character, 1);
  assert.equal(p.severity, 'error');
  fixes(one, p, '"maxAttempts": 2');
  const seven = VALID.replace('"maxAttempts": 3', '"maxAttempts": 7');
  const q = only(seven, 'sc/max-attempts-range', '7');
  assert.equal(q.severity, 'information');
  assert.equal(applyEdits(seven, q.fixes[0].edits), VALID.replace('"maxAttempts": 3', '"maxAttempts": 5'));
  const str = VALID.replace('"maxAttempts": 3', '"maxAttempts": "3"');
  const s = only(str, 'sc/max-attempts-range', '"3"');
  assert.equal(s.verdicts.core, 'accepts');
  assert.equal(s.verdicts.go, 'rejects');
  only(VALID.replace('"maxAttempts": 3', '"maxAttempts": 2.5'), 'sc/max-attempts-range', '2.5');
  const missing = VALID.replace('"maxAttempts": 3, ', '');
  only(missing, 'sc/max-attempts-range', '"retryPolicy"');
  assert.equal(withCode(lint(VALID), 'sc/max-attempts-range').length, 0);
  assert.equal(
    withCode(lint(VALID.replace('"maxAttempts": 3', '"maxAttempts": 5')), 'sc/max-attempts-range').length,
    0,
  );
});

test('sc/backoff-invalid: zero, missing, initial above max', () => {
  const zero = VALID.replace('"0.1s"', '"0s"');
  const p = only(zero, 'sc/backoff-invalid', '"0s"');
  assert.deepEqual([p.verdicts.core, p.verdicts.go, p.verdicts.node], ['rejects', 'rejects', 'accepts']);
  assert.equal(
    withCode(lint(zero, 'typescript'), 'sc/backoff-invalid').length,
    0,
    'only JSON documents when the language is json',
  );
  fixes(zero, p, '"0.1s"');
  const inverted = VALID.replace('"0.1s"', '"5s"');
  const q = only(inverted, 'sc/backoff-invalid', '"5s"');
  assert.equal(q.severity, 'warning');
  fixes(inverted, q, '"initialBackoff": "1s"');
  only(VALID.replace('"maxBackoff": "1s", ', ''), 'sc/backoff-invalid', '"retryPolicy"');
  assert.equal(withCode(lint(VALID), 'sc/backoff-invalid').length, 0);
});

test('sc/backoff-multiplier: zero, negative, string, missing', () => {
  for (const bad of ['0', '-1', '"2"']) {
    const text = VALID.replace('"backoffMultiplier": 2', `"backoffMultiplier": ${bad}`);
    fixes(text, only(text, 'sc/backoff-multiplier', [`"backoffMultiplier": ${bad}`, bad]), '"backoffMultiplier": 2');
  }
  only(VALID.replace('"backoffMultiplier": 2, ', ''), 'sc/backoff-multiplier', '"retryPolicy"');
  assert.equal(
    withCode(lint(VALID.replace('"backoffMultiplier": 2', '"backoffMultiplier": 1.5')), 'sc/backoff-multiplier').length,
    0,
  );
});

test('sc/retryable-codes-empty: empty list or missing', () => {
  const empty = VALID.replace('["UNAVAILABLE"]', '[]');
  fixes(empty, only(empty, 'sc/retryable-codes-empty', '[]'), '["UNAVAILABLE"]');
  only(VALID.replace(', "retryableStatusCodes": ["UNAVAILABLE"]', ''), 'sc/retryable-codes-empty', '"retryPolicy"');
  assert.equal(withCode(lint(VALID), 'sc/retryable-codes-empty').length, 0);
});

test('sc/status-name-case: lower case is rejected except by grpc-js', () => {
  const text = VALID.replace('"UNAVAILABLE"', '"Unavailable"');
  const p = only(text, 'sc/status-name-case', '"Unavailable"');
  assert.deepEqual(
    [p.verdicts.core, p.verdicts.go, p.verdicts.node, p.verdicts.java],
    ['rejects', 'rejects', 'accepts', 'rejects'],
  );
  assert.deepEqual(p.fixes[0].edits[0].range, rangeOf(text, 'Unavailable'));
  fixes(text, p, '"UNAVAILABLE"');
});

test('sc/status-as-number: C-core rejects numbers; fix writes the name', () => {
  const text = VALID.replace('["UNAVAILABLE"]', '[14, 4]');
  const p = only(text, 'sc/status-as-number', '14');
  assert.equal(p.verdicts.core, 'rejects');
  assert.equal(p.verdicts.go, 'accepts');
  assert.equal(applyEdits(text, p.fixes[0].edits), VALID.replace('["UNAVAILABLE"]', '["UNAVAILABLE", 4]'));
  assert.equal(withCode(lint(text), 'sc/status-as-number').length, 2);
  assert.equal(only(text, 'sc/status-as-number', ['4]', '4']).fixes[0].edits[0].newText, '"DEADLINE_EXCEEDED"');
});

test('sc/unknown-status: misspelled names, out-of-range numbers, OK', () => {
  const text = VALID.replace('"UNAVAILABLE"', '"CANCELED"');
  const p = only(text, 'sc/unknown-status', '"CANCELED"');
  assert.match(p.message, /did you mean "CANCELLED"/);
  fixes(text, p, '"CANCELLED"');
  only(VALID.replace('"UNAVAILABLE"', '17'), 'sc/unknown-status', '17');
  const ok = only(VALID.replace('"UNAVAILABLE"', '"UNAVAILABLE", "OK"'), 'sc/unknown-status', '"OK"');
  assert.equal(ok.verdicts.java, 'rejects');
  assert.equal(ok.severity, 'warning');
});

test('sc/retry-and-hedging: both policies in one method config', () => {
  const text = config(POLICY, undefined, ',\n    "hedgingPolicy": {"maxAttempts": 3}');
  const p = only(text, 'sc/retry-and-hedging', '"hedgingPolicy"');
  assert.equal(p.verdicts.node, 'rejects');
  assert.equal(p.verdicts.core, 'ignores');
  assert.equal(withCode(lint(config('"hedgingPolicy": {"maxAttempts": 3}')), 'sc/retry-and-hedging').length, 0);
});

test('sc/duplicate-method-name: same service twice, two defaults; different methods are fine', () => {
  const dup = `{"methodConfig": [{"name": [{"service": "a.B"}], "timeout": "1s"}, {"name": [{"service": "a.B", "method": ""}], "timeout": "2s"}]}`;
  only(dup, 'sc/duplicate-method-name', '{"service": "a.B", "method": ""}');
  const defaults = `{"methodConfig": [{"name": [{}], "timeout": "1s"}, {"name": [{}], "timeout": "2s"}]}`;
  only(defaults, 'sc/duplicate-method-name', '{}', 1);
  const distinct = `{"methodConfig": [{"name": [{"service": "a.B", "method": "X"}], "timeout": "1s"}, {"name": [{"service": "a.B", "method": "Y"}, {"service": "a.C"}], "timeout": "2s"}]}`;
  assert.equal(withCode(lint(distinct), 'sc/duplicate-method-name').length, 0);
});

test('sc/method-without-service: C-core alone takes an empty service as the default', () => {
  const noService = config(POLICY, '[{"method": "Echo"}]');
  assert.equal(only(noService, 'sc/method-without-service', '{"method": "Echo"}').verdicts.core, 'rejects');
  const empty = config(POLICY, '[{"service": "", "method": "Echo"}]');
  const p = only(empty, 'sc/method-without-service', '{"service": "", "method": "Echo"}');
  assert.equal(p.verdicts.core, 'accepts');
  assert.equal(p.verdicts.go, 'rejects');
});

test('sc/missing-name: no name list (grpc-js throws) or an empty one', () => {
  const none = `{"methodConfig": [{${POLICY}}]}`;
  assert.equal(only(none, 'sc/missing-name', '"retryPolicy"').verdicts.node, 'rejects');
  only(config(POLICY, '[]'), 'sc/missing-name', '[]');
});

test('sc/wildcard-name: information only with a policy; grpc-js version note in JS files', () => {
  const text = config(POLICY, '[{}]');
  const p = only(text, 'sc/wildcard-name', '{}');
  assert.equal(p.severity, 'information');
  assert.equal(withCode(lint(config('"timeout": "1s"', '[{}]')), 'sc/wildcard-name').length, 0);
  assert.equal(withCode(lint(config(POLICY, '[{"service": "a.B"}]')), 'sc/wildcard-name').length, 0);
});

test('sc/wait-for-ready-ignored: warning in JS/TS, information in .json, nothing where it is honoured', () => {
  const text = config(POLICY, '[{"service": "echo.Echo"}]', ',\n    "waitForReady": true');
  const info = only(text, 'sc/wait-for-ready-ignored', 'true');
  assert.equal(info.severity, 'information');
  assert.deepEqual(info.verdicts, { core: 'accepts', go: 'accepts', node: 'ignores', java: 'accepts' });
  const js = `const opts = { 'grpc.service_config': ${JSON.stringify(text.replace(/\n/g, ''))} };\n`;
  const inJs = withCode(lint(js, 'javascript'), 'sc/wait-for-ready-ignored');
  assert.equal(inJs.length, 1);
  assert.equal(inJs[0].severity, 'warning');
  assert.match(inJs[0].message, /per call/);
  for (const languageId of ['python', 'go']) {
    const src =
      languageId === 'python'
        ? `grpc.insecure_channel('h:1', options=[("grpc.service_config", '${text.replace(/\n/g, '')}')])\n`
        : `grpc.WithDefaultServiceConfig(\`${text}\`)\n`;
    assert.equal(withCode(lint(src, languageId), 'sc/wait-for-ready-ignored').length, 0, languageId);
  }
  assert.equal(
    withCode(
      lint(config(POLICY, '[{"service": "echo.Echo"}]', ',\n    "waitForReady": false')),
      'sc/wait-for-ready-ignored',
    ).length,
    0,
  );
});

test('sc/stream-retry-after-response: names streaming methods from the .proto, says when unknown', () => {
  const svc = config(POLICY, '[{"service": "echo.Echo"}]');
  const p = only(svc, 'sc/stream-retry-after-response', '["UNAVAILABLE"]', 0, 'json', PROTO);
  assert.equal(p.severity, 'information');
  assert.match(p.message, /echo\.Echo\/ServerStreamingEcho/);
  const unary = config(POLICY, '[{"service": "echo.Echo", "method": "UnaryEcho"}]');
  assert.equal(withCode(lint(unary, 'json', PROTO), 'sc/stream-retry-after-response').length, 0);
  const unknown = only(svc, 'sc/stream-retry-after-response', '["UNAVAILABLE"]');
  assert.equal(unknown.severity, 'hint');
  assert.match(unknown.message, /no \.proto found/);
  const otherCodes = config(POLICY.replace('UNAVAILABLE', 'ABORTED'));
  assert.equal(withCode(lint(otherCodes, 'json', PROTO), 'sc/stream-retry-after-response').length, 0);
});

test('sc/retry-throttling-range: above 1000, fractions, zero ratio, missing fields', () => {
  const wrap = (t: string): string => `{"methodConfig": [], "retryThrottling": ${t}}`;
  const big = wrap('{"maxTokens": 2000, "tokenRatio": 0.1}');
  const p = only(big, 'sc/retry-throttling-range', '2000');
  assert.equal(p.verdicts.core, 'accepts');
  fixes(big, p, '"maxTokens": 1000');
  assert.equal(
    only(wrap('{"maxTokens": 10.5, "tokenRatio": 0.1}'), 'sc/retry-throttling-range', '10.5').verdicts.core,
    'rejects',
  );
  only(wrap('{"maxTokens": 10, "tokenRatio": 0}'), 'sc/retry-throttling-range', ['"tokenRatio": 0', '0']);
  only(wrap('{"maxTokens": 10}'), 'sc/retry-throttling-range', '"retryThrottling"');
  assert.equal(withCode(lint(wrap('{"maxTokens": 1000, "tokenRatio": 0.1}')), 'sc/retry-throttling-range').length, 0);
});

test('sc/unknown-service and sc/unknown-method: checked against the .proto index, with did-you-mean', () => {
  const svc = config(POLICY, '[{"service": "Echo"}]');
  const p = only(svc, 'sc/unknown-service', '"Echo"', 0, 'json', PROTO);
  assert.match(p.message, /did you mean "echo.Echo"/);
  assert.equal(applyEdits(svc, p.fixes[0].edits), config(POLICY, '[{"service": "echo.Echo"}]'));
  const method = config(POLICY, '[{"service": "echo.Echo", "method": "UnaryEko"}]');
  const q = only(method, 'sc/unknown-method', '"UnaryEko"', 0, 'json', PROTO);
  assert.equal(
    applyEdits(method, q.fixes[0].edits),
    config(POLICY, '[{"service": "echo.Echo", "method": "UnaryEcho"}]'),
  );
  assert.equal(withCode(lint(svc), 'sc/unknown-service').length, 0, 'no index, no check');
  assert.equal(
    withCode(lint(svc, 'json', { services: new Map(), problems: [] }), 'sc/unknown-service').length,
    0,
    'empty index, no check',
  );
});

test('sc/wrong-type: values of the wrong JSON type', () => {
  only(config(POLICY, undefined, ',\n    "waitForReady": "yes"'), 'sc/wrong-type', '"yes"');
  only('{"methodConfig": {}}', 'sc/wrong-type', '{}');
  only('[]', 'sc/wrong-type', '[]');
});

test('messages name the implementation the file language implies', () => {
  const text = VALID.replace('"maxAttempts": 3', '"maxAttempts": 1');
  const byLang = (languageId: string): string =>
    withCode(
      lintServiceConfigDocument(text, 'json', { implementationHint: languageId as never }),
      'sc/max-attempts-range',
    )[0].message;
  assert.match(byLang('core'), /lame.*INVALID_ARGUMENT/);
  assert.match(byLang('go'), /NewClient returns an error.*v1\.70\.0/);
  assert.match(byLang('node'), /constructor throws/);
  assert.match(byLang('java'), /build\(\) throws/);
  assert.match(withCode(lint(text), 'sc/max-attempts-range')[0].message, /Every implementation rejects it/);
  for (const p of lint(text)) assert.ok(p.message_zh.length > 0);
});
