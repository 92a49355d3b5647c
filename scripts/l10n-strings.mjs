// Lists every t('…') / vscode.l10n.t('…') message in client/src (the keys of l10n/bundle.l10n.*.json). Used by the l10n test.
import fs from 'node:fs';
import path from 'node:path';

const CALL = /\b(?:l10n\.)?t\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1/g;

/** Messages of vscode.l10n.t calls with a literal first argument, unescaped, in source order without duplicates. */
export function l10nMessages(dir) {
  const found = new Set();
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.ts')) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const m of text.matchAll(CALL)) found.add(m[2].replace(/\\(.)/g, '$1'));
  }
  return [...found];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(l10nMessages(process.argv[2] ?? 'client/src'), null, 2));
