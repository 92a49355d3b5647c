import {
  CodeActionKind,
  MessageType,
  ShowMessageNotification,
  type CodeAction,
  type CodeActionParams,
  type ExecuteCommandParams,
  type Range,
} from 'vscode-languageserver';
import type { ServerContext, ServerFeature } from '../context';
import type * as CodeActions from '../features/codeActions';
import { SERVER_COMMANDS, SERVER_EXPLAIN_COMMAND, SERVER_SEARCH_COMMAND } from '../features/codeActions';
import { explainMessage, searchMessage } from '../features/commands';
import { projectProtoIndex, serviceConfigCodeActions } from '../features/serviceConfigDiagnostics';
import { throwIfCancelled } from '../cancellation';
import { quietly } from './guard';

/** `only` from the request: an action is kept when its kind equals or refines a requested kind. */
export function kindRequested(kind: string | undefined, only: readonly string[] | undefined): boolean {
  if (!only?.length) return true;
  const k = kind ?? '';
  return only.some((o) => o === '' || k === o || k.startsWith(`${o}.`));
}

/**
 * Quick fixes (retry service config, stream reconnection loop, graceful shutdown) and Explain / Search.
 * VS Code runs Explain / Search itself (its entry view and lookup picker); for every other client the
 * server lists editor-neutral commands in executeCommandProvider and answers workspace/executeCommand.
 */
export const codeActionsFeature: ServerFeature = {
  name: 'codeActions',
  capabilities: (params) => {
    const clientCommands =
      (params.initializationOptions as { clientCommands?: unknown } | undefined)?.clientCommands === true;
    return {
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      ...(clientCommands ? {} : { executeCommandProvider: { commands: [...SERVER_COMMANDS] } }),
    };
  },
  register(ctx: ServerContext): void {
    ctx.connection.onCodeAction(
      quietly<CodeActionParams, CodeAction[]>(
        ctx.log,
        'codeAction',
        [],
        async ({ textDocument, range, context }, token) => {
          const doc = ctx.documents.get(textDocument.uri);
          if (!doc) return [];
          const settings = await ctx.settings.get(textDocument.uri);
          throwIfCancelled(token);
          if (!settings.enable || !settings.codeActions.enable) return [];
          const version = doc.version;
          const facts = await ctx.projects.forUri(textDocument.uri);
          throwIfCancelled(token);
          const locale = ctx.locale(settings);
          // The whole text only if a feature reads it (edits on source files, lint on configs), never on logs.
          const document = {
            uri: textDocument.uri,
            version,
            languageId: doc.languageId,
            get text() {
              return doc.getText();
            },
            rangeText: (r: Range) => doc.getText(r),
          };
          // The edit builders of every language are loaded on the first code action request, not at start-up.
          const { codeActionsFor } = require('../features/codeActions') as typeof CodeActions;
          const actions = [
            ...serviceConfigCodeActions(document, range, () => projectProtoIndex(facts), locale),
            ...codeActionsFor(document, range, context.diagnostics, {
              ...facts,
              knowledge: ctx.knowledge,
              locale,
              currentVersion: ctx.documents.get(textDocument.uri)?.version,
              clientCommands: ctx.client().clientCommands,
            }),
          ];
          return actions.filter((a) => kindRequested(a.kind, context.only));
        },
      ),
    );

    ctx.connection.onExecuteCommand(
      quietly<ExecuteCommandParams, null>(ctx.log, 'executeCommand', null, async ({ command, arguments: args }) => {
        const arg = args?.[0] as { id?: unknown; query?: unknown } | string | undefined;
        const locale = ctx.locale(await ctx.settings.get());
        let message: string | undefined;
        if (command === SERVER_EXPLAIN_COMMAND) {
          const id = typeof arg === 'string' ? arg : arg?.id;
          const entry = typeof id === 'string' ? ctx.knowledge.byId.get(id) : undefined;
          if (entry) message = explainMessage(entry, locale);
        } else if (command === SERVER_SEARCH_COMMAND) {
          const query = typeof arg === 'string' ? arg : arg?.query;
          if (typeof query === 'string') message = searchMessage(ctx.knowledge.entries, query, locale);
        }
        if (message)
          await ctx.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
        return null;
      }),
    );
  },
};
