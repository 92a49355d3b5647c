import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintServiceConfigDocument, type LintProblem } from '../../../../server/src/core/lint/index';
import { findServiceConfigLiterals } from '../../../../server/src/core/lint/sourceLiterals';
import { applyEdits, rangeOf, withCode } from './helpers';

const CODES = (s: string): string =>
  `{"methodConfig": [{"name": [{"service": "echo.Echo"}], "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": [${s}]}}]}`;

function one(problems: LintProblem[], code: string): LintProblem {
  const found = withCode(problems, code);
  assert.equal(found.length, 1, JSON.stringify(problems.map((p) => [p.code, p.range])));
  return found[0];
}

/** Lints, checks the range of `code` is exactly `needle` (nth occurrence), applies the fix, re-lints. */
function check(source: string, languageId: string, code: string, needle: string, fixedNeedle: string, nth = 0): void {
  const p = one(lintServiceConfigDocument(source, languageId), code);
  assert.deepEqual(p.range, rangeOf(source, needle, nth), `${languageId}: range of ${code}`);
  assert.ok(p.fixes.length, 'fix offered');
  const fixed = applyEdits(source, p.fixes[0].edits);
  assert.ok(fixed.includes(fixedNeedle), fixed);
  assert.equal(withCode(lintServiceConfigDocument(fixed, languageId), code).length, 0, fixed);
}

test('Python: single-quoted option value, ranges and fix inside the literal', () => {
  const src = `channel = grpc.insecure_channel(target, options=[\n    ("grpc.service_config", '${CODES('"unavailable"')}'),\n])\n`;
  check(src, 'python', 'sc/status-name-case', '"unavailable"', '"UNAVAILABLE"');
  const p = one(lintServiceConfigDocument(src, 'python'), 'sc/status-name-case');
  assert.match(p.message, /grpcio\/C-core does not raise/);
});

test('Python: double-quoted literal with escaped quotes maps through the escapes', () => {
  const json = CODES('"unavailable"').replace(/"/g, '\\"');
  const src = `opts = [("grpc.service_config", "${json}")]\n`;
  check(src, 'python', 'sc/status-name-case', '\\"unavailable\\"', '\\"UNAVAILABLE\\"');
});

test('Python: implicit concatenation over lines, triple quotes, raw strings, unicode escapes', () => {
  const src = [
    'SERVICE_CONFIG = (',
    `    '{"methodConfig": [{"name": [{"service": "echo.Echo"}], '`,
    `    '"retryPolicy": {"maxAttempts": 3, "initialBackoff": ".1s", '`,
    `    '"maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}}]}'`,
    ')',
    'channel = grpc.aio.insecure_channel(t, options=(("grpc.service_config", SERVICE_CONFIG),))',
  ].join('\n');
  check(src, 'python', 'sc/duration-format', '".1s"', '"0.1s"');
  const triple = `cfg = """\n${CODES('"UNAVAILABLE", 14')}\n"""\nch = grpc.insecure_channel(t, options=[('grpc.service_config', cfg)])\n`;
  check(triple, 'python', 'sc/status-as-number', '14', '"UNAVAILABLE", "UNAVAILABLE"');
  const raw = `ch = grpc.insecure_channel(t, options=[('grpc.service_config', r'${CODES('"unavailable"')}')])`;
  check(raw, 'python', 'sc/status-name-case', '"unavailable"', '"UNAVAILABLE"');
  const unicode = `ch = grpc.insecure_channel(t, options=[('grpc.service_config', '${CODES('"\\u0075navailable"')}')])`;
  const p = one(lintServiceConfigDocument(unicode, 'python'), 'sc/status-name-case');
  assert.deepEqual(p.range, rangeOf(unicode, '"\\u0075navailable"'));
});

test('Python: comments, f-strings and other expressions are not linted', () => {
  const commented = `# options=[("grpc.service_config", '${CODES('"unavailable"')}')]\n`;
  assert.deepEqual(lintServiceConfigDocument(commented, 'python'), []);
  const fstring = `options=[("grpc.service_config", f'${CODES('"unavailable"').replace(/[{}]/g, (c) => c + c)}')]`;
  assert.deepEqual(lintServiceConfigDocument(fstring, 'python'), []);
  const dumps = `options=[("grpc.service_config", json.dumps(cfg))]`;
  assert.deepEqual(lintServiceConfigDocument(dumps, 'python'), []);
  const formatted = `options=[("grpc.service_config", '${CODES('"unavailable"')}' % x)]`;
  assert.deepEqual(lintServiceConfigDocument(formatted, 'python'), []);
});

test('Go: backtick raw string, interpreted string with escapes, + concatenation, constants', () => {
  const raw = `conn, err := grpc.NewClient(addr,\n\tgrpc.WithDefaultServiceConfig(\`${CODES('"Unavailable"')}\`))\n`;
  check(raw, 'go', 'sc/status-name-case', '"Unavailable"', '"UNAVAILABLE"');
  assert.match(one(lintServiceConfigDocument(raw, 'go'), 'sc/status-name-case').message, /NewClient returns an error/);
  const interpreted = `grpc.WithDefaultServiceConfig("${CODES('"Unavailable"').replace(/"/g, '\\"')}")`;
  check(interpreted, 'go', 'sc/status-name-case', '\\"Unavailable\\"', '\\"UNAVAILABLE\\"');
  const concat = [
    'const retryConfig = `{"methodConfig": [{"name": [{"service": "echo.Echo"}],` +',
    '\t`"retryPolicy": {"MaxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}}]}`',
    '// grpc.WithDefaultServiceConfig(`{}`) in a comment is ignored',
    'conn, err := grpc.NewClient(addr, grpc.WithDefaultServiceConfig(retryConfig))',
  ].join('\n');
  const problems = lintServiceConfigDocument(concat, 'go');
  const p = one(problems, 'sc/unknown-key');
  assert.deepEqual(p.range, rangeOf(concat, '"MaxAttempts"'));
  assert.equal(p.severity, 'warning', 'grpc-go matches keys case-insensitively');
  const missing = one(problems, 'sc/max-attempts-range');
  assert.equal(missing.verdicts.go, 'accepts', 'grpc-go finds "MaxAttempts"');
  assert.equal(missing.severity, 'warning');
  assert.equal(findServiceConfigLiterals(concat, 'go').length, 1);
});

test('JavaScript/TypeScript: escaped double quotes, template literal, computed key, variable', () => {
  const escaped = `const client = new EchoClient(addr, creds, {\n  "grpc.service_config": "${CODES('"CANCELED"').replace(/"/g, '\\"')}",\n});`;
  check(escaped, 'typescript', 'sc/unknown-status', '\\"CANCELED\\"', '\\"CANCELLED\\"');
  assert.match(
    one(lintServiceConfigDocument(escaped, 'typescript'), 'sc/unknown-status').message,
    /grpc-js: the client constructor throws/,
  );
  const template = `const SC = \`\n${CODES('"UNAVAILABLE"').replace('"1s"', '"1"')}\n\`;\nnew Client(addr, creds, { 'grpc.service_config': SC });`;
  check(template, 'javascript', 'sc/duration-format', '"1"', '"1s"');
  const computed = `const opts = { ['grpc.service_config']: '${CODES('"unavailable"')}' };`;
  const p = one(lintServiceConfigDocument(computed, 'javascript'), 'sc/status-name-case');
  assert.equal(p.severity, 'warning', 'grpc-js accepts lower case');
  const regex = `const re = /'grpc.service_config': '{/;\nconst x = 1;`;
  assert.deepEqual(lintServiceConfigDocument(regex, 'javascript'), []);
  const interpolated = `new Client(a, c, { 'grpc.service_config': \`{"methodConfig": \${JSON.stringify(m)}}\` });`;
  assert.deepEqual(lintServiceConfigDocument(interpolated, 'typescript'), []);
});

test('problems spanning two concatenated pieces keep exact ends; fixes that would cross a piece are dropped', () => {
  const src =
    `options=[("grpc.service_config", '${CODES('"UNAV').replace(/\]\}\}\]\}$/, '')}' 'AILABLE"]}}]}')]`.replace(
      '"UNAV',
      '"unav',
    );
  const p = one(lintServiceConfigDocument(src, 'python'), 'sc/status-name-case');
  assert.equal(src.slice(src.indexOf('"unav'), src.indexOf('AILABLE"') + 8), `"unav' 'AILABLE"`);
  assert.deepEqual(p.range.start, rangeOf(src, '"unav').start);
  assert.deepEqual(p.range.end, rangeOf(src, 'AILABLE"').end);
  assert.deepEqual(p.fixes, []);
});

test('JSON documents: only files that look like service configs are linted by the CLI; the API lints what it gets', () => {
  const p = lintServiceConfigDocument('{"methodConfig": [{"name": [{}], "retryPolicy": {}}]}', 'json');
  assert.ok(p.some((x) => x.code === 'sc/max-attempts-range'));
});
