import * as vscode from 'vscode';
import { t } from './i18n';
import type { OutputFindings } from './outputFindings';
import { stripAnsi, tailLines } from './outputText';

const FLUSH_MS = 400;
const MAX_OUTPUT = 512 * 1024;

/** Debug Adapter Protocol `output` event body (the part we read). */
interface OutputEvent {
  type: 'event';
  event: 'output';
  body?: { category?: string; output?: string };
}

function isOutputEvent(message: unknown): message is OutputEvent {
  const m = message as Partial<OutputEvent> | undefined;
  return m?.type === 'event' && m.event === 'output' && typeof m.body?.output === 'string';
}

/** Watches every debug session's output (debug console) and reports gRPC errors the same way as terminals. */
export function registerDebugTracker(findings: OutputFindings): vscode.Disposable {
  return vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker(session) {
      let text = '';
      let timer: NodeJS.Timeout | undefined;
      const uri = findings.uriFor(`debug ${session.name} ${session.id.slice(0, 8)}`);
      const label = t('the debug session "{0}"', session.name);
      const flush = (): void => {
        timer = undefined;
        void findings.report(uri, label, text).catch(() => undefined);
      };
      return {
        onDidSendMessage(message: unknown) {
          if (!isOutputEvent(message) || message.body?.category === 'telemetry') return;
          text = tailLines(text + stripAnsi(message.body?.output ?? ''), MAX_OUTPUT);
          if (!timer) timer = setTimeout(flush, FLUSH_MS);
        },
        onWillStopSession() {
          if (timer) {
            clearTimeout(timer);
            flush();
          }
        },
      };
    },
  });
}
