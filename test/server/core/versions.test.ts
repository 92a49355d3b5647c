import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compareVersions, lowestVersion } from '../../../server/src/core/versions';

test('the version a requirement starts at, in npm, pip, Go and Maven spellings', () => {
  const cases: [string, string | undefined][] = [
    ['^1.8.0', '1.8.0'],
    ['>=1.40', '1.40.0'],
    ['~=1.50.1', '1.50.1'],
    ['v1.63.0', '1.63.0'],
    ['[1.40,)', '1.40.0'],
    ['==1.62.0', '1.62.0'],
    ['1.14', '1.14.0'],
    ['latest', undefined],
    ['3', undefined],
    ['', undefined],
  ];
  for (const [requirement, expected] of cases) assert.equal(lowestVersion(requirement), expected, requirement);
});

test('versions compare numerically, not as text', () => {
  assert.equal(compareVersions('1.10.0', '1.9.1'), 1);
  assert.equal(compareVersions('1.9.1', '1.10.0'), -1);
  assert.equal(compareVersions('1.40.0', '1.40'), 0);
  assert.equal(compareVersions('0.9.0', '1.0.0'), -1);
});
