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
