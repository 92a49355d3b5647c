import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_SETTINGS, LIMITS, normalizeSettings, SETTINGS_SCHEMA } from '../../shared/settings';
import { ROOT } from '../helpers/knowledge';

const readJson = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(ROOT, name), 'utf8')) as Record<string, unknown>;
const manifest = readJson('package.json') as {
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
};
const properties = manifest.contributes.configuration.properties;

test("package.json contributes exactly the schema's settings, with its types, defaults, enums and scopes", () => {
  assert.deepEqual(
    Object.keys(properties).sort(),
    Object.keys(SETTINGS_SCHEMA)
      .map((k) => `grpcDoctor.${k}`)
      .sort(),
  );
  for (const [key, spec] of Object.entries(SETTINGS_SCHEMA)) {
    const prop = properties[`grpcDoctor.${key}`];
    assert.equal(prop.type, spec.type, key);
    assert.deepEqual(prop.default, spec.default, key);
    assert.deepEqual(prop.enum, spec.enum, key);
    assert.equal(prop.scope, spec.scope, key);
  }
  assert.equal(properties['grpcDoctor.maxProblems'].minimum, LIMITS.maxProblems.min);
  assert.equal(properties['grpcDoctor.maxProblems'].maximum, LIMITS.maxProblems.max);
  assert.equal(properties['grpcDoctor.debounceMs'].maximum, LIMITS.debounceMs.max);
});

test('every %key% of the configuration has an English and a Chinese text', () => {
  const keys = new Set(
    [...JSON.stringify(manifest.contributes.configuration).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]),
  );
  assert.ok(keys.size > 12);
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const nls = readJson(file);
    for (const k of keys) assert.ok(typeof nls[k] === 'string' && nls[k].length > 0, `${file} has ${k}`);
  }
  for (const [key, spec] of Object.entries(SETTINGS_SCHEMA))
    assert.ok(properties[`grpcDoctor.${key}`].markdownDescription, `${key} is described (${spec.type})`);
});

test('normalize: nothing or null gives the defaults; nested and flat keys both work', () => {
  assert.deepEqual(normalizeSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
  assert.deepEqual(normalizeSettings(null).settings, DEFAULT_SETTINGS);
  const nested = normalizeSettings({
    severity: { logs: 'Error' },
    hover: { enable: false },
    maxProblems: 5.7,
  }).settings;
  const flat = normalizeSettings({ 'severity.logs': 'error', 'hover.enable': false, maxProblems: 5 }).settings;
  assert.deepEqual(nested, flat);
  assert.equal(flat.severity.logs, 'error');
  assert.equal(flat.maxProblems, 5);
});

test('normalize: wrong values fall back to defaults and are named', () => {
  const { settings, problems } = normalizeSettings({
    enable: 'yes',
    maxProblems: -3,
    language: 'fr',
    userPatterns: [{ literal: 'abcd', regex: 'x' }, { regex: 'foo (\\d+)', id: 'me/foo' }, 7],
  });
  assert.equal(settings.enable, true);
  assert.equal(settings.maxProblems, LIMITS.maxProblems.min, 'numbers are clamped');
  assert.equal(settings.language, 'auto');
  assert.deepEqual(settings.userPatterns, [{ regex: 'foo (\\d+)', id: 'me/foo' }]);
  assert.ok(problems.some((p) => p.startsWith('grpcDoctor.enable')));
  assert.ok(problems.some((p) => p.startsWith('grpcDoctor.language')));
  assert.equal(problems.filter((p) => p.startsWith('grpcDoctor.userPatterns[')).length, 2);
});

test('normalize never throws and always returns a complete, valid object', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.anything(),
        fc.dictionary(fc.constantFrom(...Object.keys(SETTINGS_SCHEMA), 'severity', 'hover', 'trace'), fc.anything()),
      ),
      (raw) => {
        const { settings } = normalizeSettings(raw);
        assert.deepEqual(Object.keys(settings).sort(), Object.keys(DEFAULT_SETTINGS).sort());
        assert.ok(['error', 'warning', 'information', 'hint'].includes(settings.severity.logs));
        assert.ok(Number.isInteger(settings.maxProblems) && settings.maxProblems >= 1);
        assert.ok(Array.isArray(settings.userPatterns));
      },
    ),
    { seed: 7, numRuns: 500 },
  );
});
