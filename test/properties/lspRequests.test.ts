import { test } from 'node:test';
import { codeActionsStayInDocumentProperty, lspRequestsProperty, startSession } from './lspRequests';

// Seeded samples; `npm run fuzz` runs the same properties with many more cases and a 100 ms limit per request.
test(
  'random documents and requests over LSP: every well-formed request is answered, no internal error (seeded sample)',
  { timeout: 60_000 },
  async () => {
    const session = await startSession();
    try {
      await lspRequestsProperty(session, 150, 20261128);
    } finally {
      await session.stop();
    }
  },
);

test(
  'code actions edit only the document they were offered for, at its current version (seeded sample)',
  { timeout: 60_000 },
  async () => {
    const session = await startSession();
    try {
      await codeActionsStayInDocumentProperty(session, 150, 20261128);
    } finally {
      await session.stop();
    }
  },
);
