// Lists the UI messages that l10n/bundle.l10n.*.json translate: vscode.l10n.t('…') in client/src, and
// msg(locale, '…') / bilingual('…') / plural(locale, n, '…', '…') of the server's catalog
// (server/src/core/l10n.ts) in server/src and shared. Used by the l10n tests.
import fs from 'node:fs';
import path from 'node:path';

const STRING = String.raw`(['"])((?:\\.|(?!\1)[^\\])*)\1`;
const CLIENT_CALL = new RegExp(String.raw`\b(?:l10n\.)?t\(\s*` + STRING, 'g');
/** msg(<locale>, 'm' | bilingual('m' ; the locale argument is a name or a property access */
const SERVER_CALL = new RegExp(String.raw`\b(?:msg\(\s*[^,]+,|bilingual\()\s*` + STRING, 'g');
const PLURAL_CALL = new RegExp(
  String.raw`\bplural\(\s*[\w.'-]+\s*,[^,]+,\s*` + STRING + String.raw`\s*,\s*` + STRING.replace('\\1', '\\3'),
  'g',
);
/** every call, literal or not (a message that is not a literal cannot be checked) */
const ANY_SERVER_CALL = /\b(?:msg|bilingual|plural)\(/g;

const unescape = (s) => s.replace(/\\(.)/g, '$1');

function tsFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return tsFiles(p);
      return e.name.endsWith('.ts') ? [p] : [];
    });
}

/** Messages of vscode.l10n.t calls with a literal first argument, unescaped, in source order without duplicates. */
export function l10nMessages(dir) {
  const found = new Set();
  for (const file of tsFiles(dir)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(CLIENT_CALL)) found.add(unescape(m[2]));
  }
  return [...found];
}

/**
 * Messages of the server catalog's calls in `dirs`, and the calls whose message is not a literal
 * (`file: code`), which the test rejects. The catalog module itself is skipped.
 */
export function serverMessages(dirs) {
  const found = new Set();
  const unchecked = [];
  for (const file of dirs.flatMap(tsFiles)) {
    if (file.endsWith(path.join('core', 'l10n.ts'))) continue;
    const text = fs.readFileSync(file, 'utf8');
    let literal = 0;
    for (const m of text.matchAll(SERVER_CALL)) {
      found.add(unescape(m[2]));
      literal++;
    }
    for (const m of text.matchAll(PLURAL_CALL)) {
      found.add(unescape(m[2]));
      found.add(unescape(m[4]));
      literal++;
    }
    const calls = [...text.matchAll(ANY_SERVER_CALL)].length;
    if (calls !== literal) unchecked.push(`${file}: ${calls - literal} call(s) without a literal message`);
  }
  return { messages: [...found], unchecked };
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(JSON.stringify(l10nMessages(process.argv[2] ?? 'client/src'), null, 2));
