/**
 * Pure text helpers for output that is not a document (terminal, debug console): no `vscode` import,
 * so unit tests run them under plain Node.
 */

// CSI (colours, cursor), OSC (shell-integration 633/133 marks, titles; BEL or ST terminated), and
// the lone two-byte escapes. Kept in one regex so a stream is cleaned in a single pass.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g;

/** Removes ANSI/VT escape sequences (colours, OSC 633 shell-integration marks) and normalizes CRLF/CR to LF. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '').replace(/\r\n?/g, '\n');
}

/** A range on one terminal line, as vscode.TerminalLink wants it. */
export interface LineLink {
  startIndex: number;
  length: number;
  entryId: string;
  title: string;
}

/** The minimal shape of a scanText finding that link ranges need (lines/columns 0-based, UTF-16). */
export interface FindingSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  id: string;
  title: string;
}

/**
 * Link ranges for the findings of one scanned line. A finding that runs past the line ends at its end;
 * overlapping findings keep the first (the server sorts best first), so links never overlap.
 */
export function linkRangesForLine(line: string, findings: readonly FindingSpan[]): LineLink[] {
  const links: LineLink[] = [];
  for (const f of findings) {
    if (f.line !== 0) continue;
    const start = Math.max(0, Math.min(f.column, line.length));
    const end = f.endLine === 0 ? Math.min(f.endColumn, line.length) : line.length;
    if (end <= start) continue;
    if (links.some((l) => start < l.startIndex + l.length && l.startIndex < end)) continue;
    links.push({ startIndex: start, length: end - start, entryId: f.id, title: f.title });
  }
  return links.sort((a, b) => a.startIndex - b.startIndex);
}

/** Keeps the last `maxChars` of a text, cut at a line start so line numbers stay meaningful. */
export function tailLines(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.indexOf('\n', text.length - maxChars);
  return cut < 0 ? text.slice(-maxChars) : text.slice(cut + 1);
}

/** Findings of one captured command output: its lines and what the server found in them (with `matched`). */
export interface ScannedOutput {
  lines: readonly string[];
  findings: readonly (FindingSpan & { matched: string })[];
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Links for a terminal line that is not recognisable alone (Python prints `details = "Socket closed"` a few
 * lines below the status): findings of the command output the line came from, located by their matched text.
 */
export function linksFromOutputs(line: string, outputs: readonly ScannedOutput[]): LineLink[] {
  const key = squash(line);
  if (!key) return [];
  const spans: FindingSpan[] = [];
  for (const out of outputs) {
    for (const f of out.findings) {
      if (f.matched.length < 4 || squash(out.lines[f.line] ?? '') !== key) continue;
      const at = line.indexOf(f.matched);
      if (at >= 0) spans.push({ ...f, line: 0, column: at, endLine: 0, endColumn: at + f.matched.length });
    }
  }
  return linkRangesForLine(line, spans);
}

/** The text of a line as compared across documents and outputs: whitespace runs squashed, ends trimmed. */
export function lineKey(line: string): string {
  return squash(line);
}

/**
 * Findings of an output whose line an open document already shows as a problem (`cat app.log` of an open
 * log) are dropped: one problem per line of text, wherever it was seen first.
 */
export function withoutShown<F extends { line: number }>(
  findings: readonly F[],
  lines: readonly string[],
  shown: ReadonlySet<string>,
): F[] {
  if (!shown.size) return [...findings];
  return findings.filter((f) => !shown.has(squash(lines[f.line] ?? '')));
}
