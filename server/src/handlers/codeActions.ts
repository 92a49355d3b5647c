import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { ServerContext, ServerFeature } from '../context';
import { ProjectFactsCache } from '../edits/workspace';
import { codeActionsFor } from '../features/codeActions';
import { quietly } from './guard';

/** Quick fixes (retry service config, stream reconnection loop, graceful shutdown) and Explain / Search. */
export const codeActionsFeature: ServerFeature = {
  name: 'codeActions',
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] } }),
  register(ctx: ServerContext): void {
    const projects = new ProjectFactsCache();
    ctx.onSettingsChanged(() => projects.clear());
    ctx.connection.onCodeAction(quietly<CodeActionParams, CodeAction[]>(ctx.log, 'codeAction', [], async ({ textDocument, range, context }) => {
      const doc = ctx.documents.get(textDocument.uri);
      if (!doc) return [];
      const settings = await ctx.settings.get(textDocument.uri);
      if (!settings.enable || !settings.codeActions.enable) return [];
      const version = doc.version;
      const facts = projects.forUri(textDocument.uri);
      return codeActionsFor(
        { uri: textDocument.uri, version, text: doc.textDocument.getText(), languageId: doc.languageId },
        range,
        context.diagnostics,
        { ...facts, knowledge: ctx.knowledge, locale: ctx.locale(settings), currentVersion: ctx.documents.get(textDocument.uri)?.version },
      );
    }));
  },
};
