import type { ServerFeature, ServerContext } from '../context';
import type { DocumentFindings } from '../documents/documentFindings';
import { findingsToDiagnostics } from '../features/diagnostics';
import {
  mayHaveServiceConfig,
  mayHaveServiceConfigLanguage,
  projectProtoIndex,
  serviceConfigDiagnostics,
} from '../features/serviceConfigDiagnostics';
import { documentContext, lspSeverity, severityFor } from '../features/settings';

/**
 * Push diagnostics: each open/change schedules a debounced, incremental rescan of that document; close
 * clears its diagnostics; a configuration change re-validates every open document.
 */
export const diagnosticsFeature: ServerFeature = {
  name: 'diagnostics',
  register(ctx: ServerContext): void {
    const timers = new Map<string, NodeJS.Timeout>();

    const validate = async (uri: string): Promise<void> => {
      const doc = ctx.documents.get(uri);
      if (!doc) return;
      const settings = await ctx.settings.get(uri);
      if (ctx.documents.get(uri) !== doc) return; // closed or reopened meanwhile
      if (!settings.enable || !settings.diagnostics.enable) {
        await ctx.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [] });
        return;
      }
      doc.refresh(ctx.scanConfigs.forSettings(settings));
      const locale = ctx.locale(settings);
      const context = documentContext(doc.languageId, uri);
      const diagnostics = findingsToDiagnostics(doc.findings(), ctx.knowledge.byId, {
        locale,
        severity: severityFor(settings, context),
        contextSeverity: context === 'logs' ? lspSeverity(settings.severity.context) : undefined,
        maxProblems: settings.maxProblems,
      });
      // Only languages that can carry a service config pay for the whole text (joined once per version).
      const version = doc.version;
      if (mayHaveServiceConfigLanguage(doc.languageId)) {
        const lintDoc = { uri, version, text: doc.getText(), languageId: doc.languageId };
        // the project's .proto files are read (asynchronously, bounded) only for a document that passes the gate
        if (mayHaveServiceConfig(lintDoc.text, lintDoc.languageId)) {
          const facts = await ctx.projects.forUri(uri);
          if (ctx.documents.get(uri) !== doc || doc.version !== version) return; // changed meanwhile: a newer run follows
          for (const d of serviceConfigDiagnostics(lintDoc, () => projectProtoIndex(facts), locale))
            diagnostics.push(d);
        }
      }
      await ctx.connection.sendDiagnostics({ uri, version, diagnostics });
    };

    const schedule = (doc: DocumentFindings): void => {
      const uri = doc.uri;
      clearTimeout(timers.get(uri));
      // The delay is a setting; reading it is cached after the first time.
      void ctx.settings
        .get(uri)
        .then((settings) => {
          clearTimeout(timers.get(uri));
          timers.set(
            uri,
            setTimeout(() => {
              timers.delete(uri);
              validate(uri).catch((err) => ctx.log.error(`diagnostics for ${uri} failed`, err));
            }, settings.debounceMs),
          );
        })
        .catch((err) => ctx.log.error('reading settings failed', err));
    };

    ctx.documents.onDidOpen(schedule);
    ctx.documents.onDidChange(schedule);
    ctx.documents.onDidClose((uri) => {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      ctx.settings.drop(uri);
      void ctx.connection
        .sendDiagnostics({ uri, diagnostics: [] })
        .catch((err) => ctx.log.error('clearing diagnostics failed', err));
    });
    ctx.onSettingsChanged(() => {
      for (const doc of ctx.documents.all()) schedule(doc);
    });
    ctx.onShutdown(() => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    });
  },
};
