import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * The extension's own UI strings (entry view, notifications, lookup rows, status bar) in the language of
 * `grpcDoctor.language`: "auto" follows VS Code (vscode.l10n, which has the Chinese bundle only with the
 * Chinese language pack); "en" / "zh-cn" pick a bundle from l10n/ through @vscode/l10n, pack or not.
 */
let extensionRoot: string | undefined;
let loaded: 'en' | 'zh-cn' | undefined;

export function initI18n(root: string): void {
  extensionRoot = root;
  loaded = undefined;
}

/** 'en' | 'zh-cn' from the setting, or undefined for "auto" (VS Code's own l10n then). */
export function uiLanguage(): 'en' | 'zh-cn' | undefined {
  const v = vscode.workspace.getConfiguration('grpcDoctor').get<string>('language', 'auto');
  return v === 'en' || v === 'zh-cn' ? v : undefined;
}

/** The UI language in effect: the setting, else VS Code's display language. */
export function effectiveLanguage(): 'en' | 'zh-cn' {
  return uiLanguage() ?? (vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en');
}

function configure(lang: 'en' | 'zh-cn'): void {
  if (loaded === lang) return;
  let contents: Record<string, string> = {};
  if (lang === 'zh-cn' && extensionRoot) {
    try {
      contents = JSON.parse(
        fs.readFileSync(path.join(extensionRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'),
      ) as Record<string, string>;
    } catch {
      // a missing bundle leaves the English text
    }
  }
  l10n.config({ contents });
  loaded = lang;
}

/** Like vscode.l10n.t, but honours grpcDoctor.language. */
export function t(message: string, ...args: (string | number | boolean)[]): string {
  const lang = uiLanguage();
  if (!lang) return vscode.l10n.t(message, ...args);
  configure(lang);
  return l10n.t(message, ...args);
}
