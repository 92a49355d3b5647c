import * as vscode from 'vscode';
import { t } from './i18n';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ScanTextRequest } from '../../shared/protocol';
import type { OutputFindings } from './outputFindings';
import { linkRangesForLine, linksFromOutputs, stripAnsi, tailLines, type ScannedOutput } from './outputText';

const MAX_LINE = 4000;
const MAX_OUTPUT = 512 * 1024;

class GrpcTerminalLink extends vscode.TerminalLink {
  constructor(
    startIndex: number,
    length: number,
    tooltip: string,
    readonly entryId: string,
  ) {
    super(startIndex, length, tooltip);
  }
}

/** The last scanned command outputs per terminal (shell integration), so lines that need context still get links. */
export class TerminalOutputs {
  private readonly byTerminal = new WeakMap<vscode.Terminal, ScannedOutput[]>();

  add(terminal: vscode.Terminal, output: ScannedOutput): void {
    const list = this.byTerminal.get(terminal) ?? [];
    list.unshift(output);
    this.byTerminal.set(terminal, list.slice(0, 5));
  }

  of(terminal: vscode.Terminal): readonly ScannedOutput[] {
    return this.byTerminal.get(terminal) ?? [];
  }
}

/** Turns gRPC error text in any terminal into a link that opens the entry; the tooltip names it. */
export function registerTerminalLinks(
  client: () => LanguageClient | undefined,
  outputs: TerminalOutputs,
  open: (id: string) => Promise<void>,
): vscode.Disposable {
  return vscode.window.registerTerminalLinkProvider({
    async provideTerminalLinks(context, token) {
      const c = client();
      const line = context.line;
      if (!c || !c.isRunning() || !line.trim() || line.length > MAX_LINE) return [];
      try {
        const { findings } = await c.sendRequest(ScanTextRequest.type, { text: line }, token);
        const links = findings.length
          ? linkRangesForLine(line, findings)
          : linksFromOutputs(line, outputs.of(context.terminal));
        return links.map(
          (l) =>
            new GrpcTerminalLink(
              l.startIndex,
              l.length,
              t('gRPC Doctor: {0} — open the explanation', l.title),
              l.entryId,
            ),
        );
      } catch {
        return []; // cancelled or server restarting: no links this time
      }
    },
    handleTerminalLink(link: vscode.TerminalLink) {
      if (link instanceof GrpcTerminalLink) void open(link.entryId);
    },
  });
}

/**
 * With shell integration, reads each finished command's output and reports gRPC errors in it.
 * Best effort: VS Code may deliver no output for very fast commands (see README, "VS Code extension").
 */
export function registerShellExecutionReader(findings: OutputFindings, outputs: TerminalOutputs): vscode.Disposable {
  const pendingOutput = new WeakMap<vscode.TerminalShellExecution, Promise<string>>();
  let counter = 0;
  const start = vscode.window.onDidStartTerminalShellExecution((e) => {
    // read() must start now: data written before the first read is not replayed.
    pendingOutput.set(e.execution, collect(e.execution.read()));
  });
  const end = vscode.window.onDidEndTerminalShellExecution(async (e) => {
    const pending = pendingOutput.get(e.execution);
    pendingOutput.delete(e.execution);
    if (!pending) return;
    try {
      const text = tailLines(stripAnsi(await pending), MAX_OUTPUT);
      if (!text.trim()) return;
      const command = e.execution.commandLine.value.trim() || e.terminal.name;
      const label = `${e.terminal.name} ${++counter} › ${command.slice(0, 60)}`;
      const found = await findings.report(findings.uriFor(label), t('the output of “{0}”', command.slice(0, 60)), text);
      if (found.length) outputs.add(e.terminal, { lines: text.split('\n'), findings: found });
    } catch {
      // the server may be restarting; terminal output is best effort anyway
    }
  });
  return vscode.Disposable.from(start, end);
}

async function collect(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += chunk;
    if (text.length > 2 * MAX_OUTPUT) text = text.slice(-MAX_OUTPUT);
  }
  return text;
}
