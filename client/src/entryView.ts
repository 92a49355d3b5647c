import * as vscode from 'vscode';
import { effectiveLanguage, t } from './i18n';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EntryRequest, type EntryResult } from '../../shared/protocol';
import { escapeHtml, newNonce } from './html';

type CopyKind = 'markdown' | 'json';

/**
 * One reusable webview that shows a knowledge entry as rendered Markdown (VS Code's own renderer via
 * `markdown.api.render`), with buttons to copy the Markdown and the JSON, in the UI language
 * (grpcDoctor.language). The panel opens at once with a skeleton and fills in when the entry arrives.
 * Strict CSP: no remote content, only our nonce'd script, which does nothing but post button clicks.
 */
export class EntryView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private currentId: string | undefined;

  constructor(private readonly client: () => LanguageClient) {}

  async show(id: string): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'grpcDoctor.entry',
        id,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        {
          enableScripts: true,
          enableCommandUris: false,
          localResourceRoots: [],
          retainContextWhenHidden: false,
        },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: { copy?: CopyKind; open?: boolean }) => void this.onMessage(m));
    }
    this.currentId = id;
    const panel = this.panel;
    panel.title = `gRPC: ${id}`;
    panel.webview.html = skeleton(id);
    panel.reveal(undefined, false);
    const entry = await this.request(id, 'markdown');
    const body = await renderMarkdown(entry.content);
    // another entry may have been opened meanwhile, or the panel closed
    if (this.panel !== panel || this.currentId !== id) return;
    panel.webview.html = page(panel.webview, body, entry);
  }

  private async onMessage(m: { copy?: CopyKind; open?: boolean }): Promise<void> {
    const id = this.currentId;
    if (!id) return;
    try {
      if (m.open) {
        const entry = await this.request(id, 'markdown');
        if (entry.href) await vscode.env.openExternal(vscode.Uri.parse(entry.href));
        return;
      }
      if (!m.copy) return;
      const entry = await this.request(id, m.copy);
      await vscode.env.clipboard.writeText(entry.content);
      const what = { markdown: 'Markdown', json: 'JSON' }[m.copy];
      void vscode.window.setStatusBarMessage(t('Copied {0} of {1}', what, id), 3000);
    } catch (err) {
      void vscode.window.showErrorMessage(
        t('gRPC Doctor: could not export {0}: {1}', id, String(err instanceof Error ? err.message : err)),
      );
    }
  }

  private request(id: string, format: 'markdown' | 'json'): Promise<EntryResult> {
    return this.client().sendRequest(EntryRequest.type, { id, format, locale: effectiveLanguage() });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** VS Code's Markdown renderer (built-in extension); plain preformatted text if it is unavailable. */
async function renderMarkdown(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string' && html.length) return html;
  } catch {
    // markdown extension disabled: fall through
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

function page(webview: vscode.Webview, body: string, entry: EntryResult): string {
  const nonce = newNonce();
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  const openButton = entry.href ? `<button data-open="1">${escapeHtml(t('Open documentation'))}</button>` : '';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(effectiveLanguage())}"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
body { font-family: var(--vscode-markdown-font-family, var(--vscode-font-family)); font-size: var(--vscode-markdown-font-size, 14px); line-height: 1.5; padding: 0 20px 20px; }
.bar { position: sticky; top: 0; padding: 8px 0; background: var(--vscode-editor-background); display: flex; gap: 6px; flex-wrap: wrap; border-bottom: 1px solid var(--vscode-panel-border); }
button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
code, pre { font-family: var(--vscode-editor-font-family); }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow-x: auto; }
</style></head>
<body data-entry="${escapeHtml(entry.id)}">
<div class="bar">
<button data-copy="markdown">${escapeHtml(t('Copy Markdown'))}</button>
<button data-copy="json">${escapeHtml(t('Copy JSON'))}</button>
${openButton}
</div>
<main>${body}</main>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.querySelector('.bar').addEventListener('click', (e) => {
  const b = e.target.closest('button'); if (!b) return;
  vscode.postMessage(b.dataset.open ? { open: true } : { copy: b.dataset.copy });
});
</script>
</body></html>`;
}

/** Shown the moment the panel opens, before the entry arrives from the server (no script, no content). */
function skeleton(id: string): string {
  const nonce = newNonce();
  const csp = `default-src 'none'; style-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(effectiveLanguage())}"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); padding: 8px 20px; color: var(--vscode-descriptionForeground); }
.line { height: 0.9em; margin: 14px 0; border-radius: 3px; background: var(--vscode-editorWidget-background, rgba(128,128,128,.15)); }
.w6 { width: 60%; } .w7 { width: 70%; } .w8 { width: 80%; } .w9 { width: 90%; }
</style></head>
<body data-skeleton="${escapeHtml(id)}">
<p>${escapeHtml(t('Loading {0}…', id))}</p>
<div class="line w6"></div><div class="line w9"></div><div class="line w8"></div><div class="line w7"></div>
</body></html>`;
}
