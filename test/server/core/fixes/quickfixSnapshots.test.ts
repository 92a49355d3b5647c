import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { applyWorkspaceEdit } from '../../../../server/src/lsp/applyEdit';
import { codeActionsFor } from '../../../../server/src/lsp/features/codeActions';
import { fixture } from '../../../helpers/knowledge';
import {
  cancelledDiagnostic,
  contextFor,
  expectedName,
  fixtureDocument,
  QUICKFIX_FIXTURES,
  slugOf,
  wholeDocument,
} from '../../../helpers/quickfix';

// Every action's result for every language is compared with a committed file; UPDATE_SNAPSHOTS=1 rewrites them.
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

function check(path: string, actual: string): void {
  if (UPDATE) {
    fs.writeFileSync(path, actual);
    return;
  }
  assert.ok(fs.existsSync(path), `missing snapshot ${path} (run with UPDATE_SNAPSHOTS=1)`);
  assert.equal(actual, fs.readFileSync(path, 'utf8'), `snapshot differs: ${path}`);
}

for (const { dir, languageId, files } of QUICKFIX_FIXTURES) {
  for (const file of files) {
    test(`quick-fix snapshots: ${dir}/${file}`, () => {
      const document = fixtureDocument(dir, file, languageId);
      const context = contextFor(dir);
      const actions = codeActionsFor(document, wholeDocument(document.text), [], context);
      const kinds = new Set(actions.map((a) => (a.data as { fix: string }).fix));
      for (const fix of ['retry-config', 'reconnect-loop', 'graceful-shutdown'])
        assert.ok(kinds.has(fix), `${dir}/${file}: no ${fix} action`);
      const written = new Set<string>();
      for (const action of actions) {
        const name = expectedName(file, slugOf(action.data));
        assert.ok(!written.has(name), `two actions map to ${name}`);
        written.add(name);
        const edited = applyWorkspaceEdit(document, action.edit!);
        assert.notEqual(edited, document.text);
        check(fixture('quickfix', dir, name), edited);
      }
      // the same actions on a finding (CANCELLED): titles, commands and code lists
      const withFinding = codeActionsFor(document, wholeDocument(document.text), [cancelledDiagnostic(0)], context);
      const summary = withFinding.map((a) => ({
        title: a.title,
        ...(a.data ? { fix: a.data } : {}),
        ...(a.command ? { command: a.command.command, arguments: a.command.arguments } : {}),
        ...(a.edit
          ? {
              retryableStatusCodes: /CANCELLED|Cancelled|Canceled/.test(JSON.stringify(a.edit))
                ? 'includes CANCELLED'
                : 'UNAVAILABLE only',
            }
          : {}),
      }));
      check(
        fixture('quickfix', dir, expectedName(file, 'actions').replace(/\.expected\.\w+$/, '.expected.json')),
        JSON.stringify(summary, null, 2) + '\n',
      );
    });
  }
}
