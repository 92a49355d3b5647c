import { test } from 'node:test';
import { hostileWorkspaceProperty } from './hostileWorkspace';

// A seeded sample; `npm run fuzz` runs 200 folders with a 100 ms budget per request.
test(
  'hostile workspaces (seeded sample): the server answers, uses the readable .proto, reads nothing outside, leaks nothing',
  { timeout: 300_000 },
  async () => {
    await hostileWorkspaceProperty(4, 20261204);
  },
);
