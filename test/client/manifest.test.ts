import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatText } from '../../server/src/cli/format';
import { CLIENT_LANGUAGE_IDS, LANGUAGES } from '../../shared/languages';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { scanText } from '../../server/src/core/scan/matcher';
import { ROOT, shippedPatterns } from '../helpers/knowledge';

interface Manifest {
  activationEvents: string[];
  icon: string;
  l10n: string;
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string }[]>;
    problemPatterns: {
      name: string;
      regexp: string;
      file: number;
      line: number;
      column: number;
      message: number;
      code: number;
    }[];
    problemMatchers: { name: string; pattern: string }[];
    walkthroughs: { steps: { media: { markdown?: string }; completionEvents?: string[] }[] }[];
  };
}
const readJson = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(ROOT, name), 'utf8')) as T;
const manifest = readJson<Manifest>('package.json');
const nls = {
  en: readJson<Record<string, string>>('package.nls.json'),
  zh: readJson<Record<string, string>>('package.nls.zh-cn.json'),
};

test("activation events and the client's document selector both come from the language registry", () => {
  const languages = manifest.activationEvents
    .filter((e) => e.startsWith('onLanguage:'))
    .map((e) => e.slice('onLanguage:'.length));
  assert.deepEqual(languages, [...CLIENT_LANGUAGE_IDS]);
  // client.ts loads `vscode`, so it is read, not imported: its selector is the registry's list, not a copy
  const client = fs.readFileSync(path.join(ROOT, 'client/src/client.ts'), 'utf8');
  assert.match(client, /SCANNED_LANGUAGES = CLIENT_LANGUAGE_IDS;/);
  assert.doesNotMatch(client, /'javascriptreact'|'plaintext'/);
  // a lone service_config.json (no .proto in the workspace) starts the extension, and so do React sources
  for (const lang of ['json', 'jsonc', 'yaml', 'typescriptreact', 'javascriptreact'])
    assert.ok(languages.includes(lang), lang);
  // every language the server lints is one the client sends
  for (const l of LANGUAGES) if (l.lint) assert.ok(l.client, l.id);
});

test('activation is narrow: never "*", languages, commands and .proto workspaces only', () => {
  assert.ok(!manifest.activationEvents.includes('*'));
  assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  assert.ok(manifest.activationEvents.includes('workspaceContains:**/*.proto'));
  for (const e of manifest.activationEvents)
    assert.match(e, /^(onLanguage:[\w-]+|onCommand:grpcDoctor\.\w+|workspaceContains:.+)$/, e);
  for (const lang of ['plaintext', 'log', 'python', 'go', 'java'])
    assert.ok(manifest.activationEvents.includes(`onLanguage:${lang}`), lang);
});

test('every command has the category and a %nls% title; every menu names a contributed command', () => {
  const ids = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const id of ['grpcDoctor.lookup', 'grpcDoctor.openEntry', 'grpcDoctor.restartServer', 'grpcDoctor.showOutput'])
    assert.ok(ids.has(id), id);
  for (const c of manifest.contributes.commands) {
    assert.match(c.command, /^grpcDoctor\./);
    assert.equal(c.category, '%command.category%', c.command);
    assert.match(c.title, /^%[\w.]+%$/, c.command);
  }
  for (const [menu, items] of Object.entries(manifest.contributes.menus))
    for (const i of items) assert.ok(ids.has(i.command), `${menu}: ${i.command}`);
  assert.equal(nls.en['command.lookup'], 'Look Up gRPC Error…');
});

test('every %key% anywhere in the manifest has an English and a Chinese text, and no nls key is unused', () => {
  const text = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const used = new Set([...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  for (const key of used) {
    assert.ok(nls.en[key]?.trim(), `en: ${key}`);
    assert.ok(nls.zh[key]?.trim(), `zh-cn: ${key}`);
  }
  assert.deepEqual(
    Object.keys(nls.en).filter((k) => !used.has(k)),
    [],
  );
  assert.deepEqual(Object.keys(nls.zh).sort(), Object.keys(nls.en).sort());
  assert.ok(
    Object.keys(nls.zh).filter((k) => /[\u4e00-\u9fff]/.test(nls.zh[k])).length > Object.keys(nls.zh).length / 2,
    'mostly translated',
  );
});

test('every vscode.l10n.t message in client/src has a Chinese translation (stale keys: test/shared/l10n.test.ts)', async () => {
  const mod = (await import(pathToFileURL(path.join(ROOT, 'scripts/l10n-strings.mjs')).href)) as {
    l10nMessages(dir: string): string[];
  };
  const messages = mod.l10nMessages(path.join(ROOT, 'client/src'));
  assert.ok(messages.length > 10);
  const bundle = readJson<Record<string, string>>(path.join(manifest.l10n, 'bundle.l10n.zh-cn.json'));
  assert.deepEqual(
    messages.filter((m) => !bundle[m]?.trim()),
    [],
  );
  for (const m of messages) {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{\d+\}/g)].map((x) => x[0]).sort();
    assert.deepEqual(placeholders(bundle[m]), placeholders(m), m);
  }
});

test('the $grpc-doctor problem matcher reads the CLI text output: file, line, column, message and entry id', () => {
  const matcher = manifest.contributes.problemMatchers.find((m) => m.name === 'grpc-doctor');
  assert.ok(matcher);
  const pattern = manifest.contributes.problemPatterns.find((p) => `$${p.name}` === matcher.pattern);
  assert.ok(pattern);
  const re = new RegExp(pattern.regexp);
  const log = fs.readFileSync(path.join(ROOT, 'examples/python-grpcio-server-killed.log'), 'utf8');
  const findings = scanText(shippedPatterns(), log);
  assert.ok(findings.length > 0);
  const kb = defaultKnowledge();
  const file = 'logs/client run.log';
  const lines = formatText(
    findings.map((finding) => ({ file, finding })),
    kb.byId,
    'en',
    false,
  ).split('\n');
  const matched = lines.map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  assert.equal(matched.length, findings.length, 'one problem per finding; explanation lines do not match');
  matched.forEach((m, i) => {
    assert.equal(m[pattern.file], file);
    assert.equal(Number(m[pattern.line]), findings[i].line + 1);
    assert.equal(Number(m[pattern.column]), findings[i].column + 1);
    assert.equal(m[pattern.code], findings[i].entryId);
    assert.equal(m[pattern.message], kb.byId.get(findings[i].entryId)?.title);
  });
});

test('walkthrough media, samples and the 128x128 icon exist', () => {
  const steps = manifest.contributes.walkthroughs[0].steps;
  assert.equal(steps.length, 3);
  for (const s of steps)
    assert.ok(s.media.markdown && fs.existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
  for (const f of ['media/samples/grpc-client.log', 'media/samples/orders_client.py'])
    assert.ok(fs.existsSync(path.join(ROOT, f)), f);
  const png = fs.readFileSync(path.join(ROOT, manifest.icon));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  const sampleFindings = scanText(
    shippedPatterns(),
    fs.readFileSync(path.join(ROOT, 'media/samples/grpc-client.log'), 'utf8'),
  );
  assert.ok(sampleFindings.length > 0, 'the walkthrough sample log shows findings');
});

test("untrusted workspaces are limited and ignore the workspace's user patterns", () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['grpcDoctor.userPatterns']);
});

test('Chinese UI text uses full-width punctuation (outside code spans and links)', async () => {
  const mod = (await import(pathToFileURL(path.join(ROOT, 'scripts/l10n-strings.mjs')).href)) as {
    l10nMessages(dir: string): string[];
  };
  const clientMessages = mod.l10nMessages(path.join(ROOT, 'client/src'));
  const cjkNextToAscii = /[\u4e00-\u9fff][,;:()?]|[,;:()?] ?[\u4e00-\u9fff]/;
  const prose = (s: string): string => s.replace(/`[^`]*`|\]\([^)]*\)|https?:\/\/\S+/g, ' ');
  const sources: Record<string, string[]> = {
    'package.nls.zh-cn.json': Object.values(readJson<Record<string, string>>('package.nls.zh-cn.json')),
    // the client's messages and the hover labels (the catalog's lint texts quote code, checked by their owners)
    'l10n/bundle.l10n.zh-cn.json': (() => {
      const bundle = readJson<Record<string, string>>('l10n/bundle.l10n.zh-cn.json');
      const keys = [
        ...clientMessages,
        'Retry policy',
        'Fix',
        'Full explanation',
        'Can a retry policy help?',
        'Explain: {0}',
      ];
      return keys.map((k) => bundle[k]);
    })(),
  };
  for (const [file, values] of Object.entries(sources)) {
    assert.ok(values.length > 0, file);
    for (const v of values) assert.doesNotMatch(prose(v), cjkNextToAscii, `${file}: ${v}`);
  }
});
