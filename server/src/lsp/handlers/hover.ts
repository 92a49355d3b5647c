import type { Hover } from 'vscode-languageserver';
import type { ServerContext, ServerFeature } from '../context';
import { hoverForFindings } from '../features/hover';
import { throwIfCancelled } from '../cancellation';
import { quietly } from './guard';

/** Hover on a finding: the entry explained in the user's language. */
export const hoverFeature: ServerFeature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(ctx: ServerContext): void {
    ctx.connection.onHover(
      quietly<Parameters<Parameters<typeof ctx.connection.onHover>[0]>[0], Hover | null>(
        ctx.log,
        'hover',
        null,
        async ({ textDocument, position }, token) => {
          const doc = ctx.documents.get(textDocument.uri);
          if (!doc) return null;
          const settings = await ctx.settings.get(textDocument.uri);
          throwIfCancelled(token);
          if (!settings.enable || !settings.hover.enable) return null;
          // An edit may still wait for its debounced rescan: bring this document up to date first.
          doc.refresh(ctx.scanConfigs.forSettings(settings));
          return hoverForFindings(
            doc.findingsAt(position.line, position.character),
            ctx.knowledge.byId,
            ctx.locale(settings),
            ctx.client().clientCommands,
          );
        },
      ),
    );
  },
};
