import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IMPLEMENTATIONS, IMPLEMENTATION_IDS, implementationName, wrapperAllowed } from '../../shared/implementations';
import {
  LANGUAGES,
  documentKind,
  editLanguageOf,
  languageByPath,
  lintLanguageOfPath,
  lintSyntaxOf,
} from '../../shared/languages';
import { ROOT } from '../helpers/knowledge';

test('the implementation registry has exactly the ids the knowledge schema allows', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'knowledge/schema.json'), 'utf8')) as {
    definitions: { implementation: { enum: string[] } };
  };
  assert.deepEqual([...IMPLEMENTATION_IDS].sort(), [...schema.definitions.implementation.enum].sort());
  for (const id of IMPLEMENTATION_IDS) {
    const info = IMPLEMENTATIONS[id];
    assert.ok(info.name.en && info.name.zh && info.short, id);
    if (info.runsOn) assert.ok(IMPLEMENTATIONS[info.runsOn], `${id} runs on a known implementation`);
  }
  assert.equal(implementationName('grpc-node-legacy', 'zh-cn'), '旧版 Node grpc (C-core)');
  assert.equal(implementationName('grpc-js'), '@grpc/grpc-js (Node)');
  assert.equal(implementationName('made-up'), 'made-up');
});

test("the legacy Node package prints grpc-js's wrapper; nothing else borrows one", () => {
  assert.ok(wrapperAllowed(['grpc-node-legacy'], 'grpc-js'));
  assert.ok(wrapperAllowed(['grpc-js'], 'grpc-js'));
  assert.ok(!wrapperAllowed(['grpc-js'], 'grpc-go'));
  assert.ok(!wrapperAllowed(['grpc-go'], 'grpc-js'));
});

test('language rows: unique ids and extensions, lint only where literals or JSON are understood', () => {
  const ids = LANGUAGES.map((l) => l.id);
  assert.equal(new Set(ids).size, ids.length);
  const exts = LANGUAGES.flatMap((l) => l.extensions);
  assert.equal(new Set(exts).size, exts.length);
  for (const e of exts) assert.match(e, /^[a-z0-9]+$/);
  assert.deepEqual(
    LANGUAGES.filter((l) => l.lint)
      .map((l) => l.id)
      .sort(),
    ['go', 'javascript', 'javascriptreact', 'json', 'jsonc', 'python', 'typescript', 'typescriptreact'],
  );
});

test('logs or source: by language id, by extension when the editor sends "text" or "plaintext"', () => {
  assert.equal(documentKind('log', 'file:///a.log'), 'logs');
  assert.equal(documentKind('python', 'file:///a.log'), 'source');
  assert.equal(documentKind('plaintext', 'file:///a/b.py'), 'source');
  assert.equal(documentKind('text', 'file:///a/b.rs?x=1'), 'source');
  assert.equal(documentKind('plaintext', 'file:///a/server.log'), 'logs');
  assert.equal(documentKind('', 'untitled:Untitled-1'), 'logs');
  assert.equal(documentKind('shellscript', 'file:///run'), 'source');
  assert.equal(documentKind('markdown', 'file:///a.py'), 'logs');
});

test('quick-fix provider and lint by language id, else by extension', () => {
  assert.equal(editLanguageOf('typescriptreact', 'file:///a.tsx'), 'typescript');
  assert.equal(editLanguageOf('plaintext', 'file:///a/b.HPP'), 'cpp');
  assert.equal(editLanguageOf('markdown', 'file:///a.md'), undefined);
  assert.equal(lintSyntaxOf('jsonc'), 'json');
  assert.equal(lintSyntaxOf('java'), undefined);
  assert.equal(lintLanguageOfPath('cfg/service_config.json'), 'json');
  assert.equal(lintLanguageOfPath('src/app.tsx'), 'typescriptreact');
  assert.equal(lintLanguageOfPath('src/App.java'), undefined);
  assert.equal(languageByPath('x.yml')?.id, 'yaml');
});
