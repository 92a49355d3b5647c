import * as vscode from 'vscode';
import { effectiveLanguage, t } from './i18n';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LookupRequest, ScanTextRequest, type LookupMatch } from '../../shared/protocol';
import { queryLine } from './lookupText';

interface MatchItem extends vscode.QuickPickItem {
  id: string;
}

const DEBOUNCE_MS = 120;

/**
 * `grpcDoctor.lookup`: a QuickPick that asks the server's fuzzy `grpcDoctor/lookup` as the user types
 * (the server ranks, so `matchOnDescription` etc. stay off and VS Code does not filter again).
 * Pre-filled with the selection or clipboard when they look like a gRPC error, or with `query`.
 * Resolves with the chosen entry id, after `open(id)` ran.
 */
export async function lookupCommand(
  client: LanguageClient,
  open: (id: string) => Promise<void>,
  query?: string,
): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
  let clipboard: string | undefined;
  try {
    clipboard = await vscode.env.clipboard.readText();
  } catch {
    clipboard = undefined; // no clipboard access (remote/web): just start empty
  }
  const start =
    typeof query === 'string' && query.trim() ? query.trim() : ((await prefill(client, [selection, clipboard])) ?? '');

  const pick = vscode.window.createQuickPick<MatchItem>();
  pick.title = t('Look Up gRPC Error');
  pick.placeholder = t('Paste an error line or type words, status names or 中文 (typos are fine)');
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  pick.value = start;

  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  const search = (value: string): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      async () => {
        const mine = ++seq;
        pick.busy = true;
        try {
          const { matches } = await client.sendRequest(LookupRequest.type, {
            query: value,
            limit: 30,
            locale: effectiveLanguage(),
          });
          if (mine !== seq) return; // a newer query is on its way
          pick.items = matches.map(toItem);
        } catch (err) {
          if (mine === seq) pick.items = [];
          client.warn(`lookup failed: ${String(err)}`);
        } finally {
          if (mine === seq) pick.busy = false;
        }
      },
      value ? DEBOUNCE_MS : 0,
    );
  };

  return new Promise<string | undefined>((resolve) => {
    let chosen: string | undefined;
    pick.onDidChangeValue(search);
    pick.onDidAccept(async () => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!item) return;
      chosen = item.id;
      pick.hide();
      await open(item.id);
      resolve(chosen);
    });
    pick.onDidHide(() => {
      if (timer) clearTimeout(timer);
      pick.dispose();
      if (!chosen) resolve(undefined);
    });
    pick.show();
    search(start);
  });
}

/** The first candidate (selection, clipboard) in which the server finds a gRPC error, or that looks like one. */
async function prefill(client: LanguageClient, candidates: (string | undefined)[]): Promise<string | undefined> {
  for (const text of candidates) {
    if (!text?.trim() || text.length > 100_000) continue;
    let lines: number[] = [];
    try {
      lines = (await client.sendRequest(ScanTextRequest.type, { text, maxFindings: 1 })).findings.map((f) => f.line);
    } catch {
      lines = []; // server busy or restarting: the heuristic alone decides
    }
    const q = queryLine(text, lines);
    if (q) return q;
  }
  return undefined;
}

function toItem(m: LookupMatch): MatchItem {
  return {
    id: m.id,
    label: m.lookalike ? `$(question) ${m.title}` : m.title,
    // what a user can act on: the status as printed and whether it is a look-alike; no internal family slugs
    description: [m.status !== 'NONE' ? m.status : '', m.lookalike ? t('look-alike: not a shutdown') : '']
      .filter(Boolean)
      .join(' · '),
    detail: m.id,
    // QuickPick would hide items whose label does not contain the typed text; the server already matched fuzzily.
    alwaysShow: true,
  };
}
