import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RestartPolicy } from '../../client/src/restartPolicy';

test('restarts up to the limit within the window, then gives up', () => {
  const p = new RestartPolicy(3, 1000);
  assert.deepEqual(
    [0, 10, 20].map((t) => p.shouldRestart(t)),
    [true, true, true],
  );
  assert.equal(p.shouldRestart(30), false);
  assert.equal(p.recentCrashes, 4);
});

test('crashes older than the window are forgotten; reset forgets all', () => {
  const p = new RestartPolicy(2, 1000);
  p.shouldRestart(0);
  p.shouldRestart(100);
  assert.equal(p.shouldRestart(1500), true, 'the first two fell out of the window');
  assert.equal(p.recentCrashes, 1);
  p.shouldRestart(1600);
  assert.equal(p.shouldRestart(1700), false);
  p.reset();
  assert.equal(p.shouldRestart(1800), true);
});
