import { CodeActionKind, type CodeAction, type CodeActionParams, type Range } from 'vscode-languageserver';
import type { ServerContext, ServerFeature } from '../context';
import type * as CodeActions from '../features/codeActions';
import { projectProtoIndex, serviceConfigCodeActions } from '../features/serviceConfigDiagnostics';
import { quietly } from './guard';

/** Quick fixes (retry service config, stream reconnection loop, graceful shutdown) and Explain / Search. */
export const codeActionsFeature: ServerFeature = {
  name: 'codeActions',
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] } }),
  register(ctx: ServerContext): void {
    ctx.connection.onCodeAction(quietly<CodeActionParams, CodeAction[]>(ctx.log, 'codeAction', [], async ({ textDocument, range, context }) => {
      const doc = ctx.documents.get(textDocument.uri);
      if (!doc) return [];
      const settings = await ctx.settings.get(textDocument.uri);
      if (!settings.enable || !settings.codeActions.enable) return [];
      const version = doc.version;
      const facts = await ctx.projects.forUri(textDocument.uri);
      const locale = ctx.locale(settings);
      // The whole text only if a feature reads it (edits on source files, lint on configs), never on logs.
      const document = { uri: textDocument.uri, version, languageId: doc.languageId, get text() { return doc.getText(); }, rangeText: (r: Range) => doc.getText(r) };
      // The edit builders of every language are loaded on the first code action request, not at start-up.
      const { codeActionsFor } = require('../features/codeActions') as typeof CodeActions;
      return [
        ...serviceConfigCodeActions(document, range, () => projectProtoIndex(facts), locale),
        ...codeActionsFor(document, range, context.diagnostics, { ...facts, knowledge: ctx.knowledge, locale, currentVersion: ctx.documents.get(textDocument.uri)?.version }),
      ];
    }));
  },
};
