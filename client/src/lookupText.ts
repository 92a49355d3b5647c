/** Pure helpers of the lookup command (no `vscode` import). */

// Words that almost only appear in gRPC error output. Used when the server recognised nothing in the text
// (a bare status name, a message it has no entry for) to decide whether it is still worth pre-filling.
const GRPC_HINTS = [
  /\brpc error\b/i,
  /\bcode\s*=\s*\w+/i,
  /\bStatusCode\.\w+/,
  /\bstatus(?:Code)?\s*[:=]\s*\w+/i,
  /\b(UNAVAILABLE|DEADLINE_EXCEEDED|CANCELLED|RESOURCE_EXHAUSTED|INTERNAL|UNKNOWN|ABORTED)\b/,
  /\bGOAWAY\b/i,
  /\bRST_STREAM\b/i,
  /\bkeepalive\b/i,
  /\btransport is closing\b/i,
  /\bgrpc\b/i,
  /\bchannel\b.*\b(closed|shutdown)\b/i,
  /\bconnection (reset|refused|closed)\b/i,
  /\bStatusRuntimeException\b/,
  /\bRpcException\b/,
  /\bdebug_error_string\b/,
  /\bsocket closed\b/i,
  /\bstream removed\b/i,
];

/** True when text (selection, clipboard) that the server did not recognise still looks like a gRPC error. */
export function looksLikeGrpcError(text: string | undefined): boolean {
  if (!text) return false;
  const t = text.trim();
  if (t.length < 6 || t.length > 4000) return false;
  return GRPC_HINTS.some((re) => re.test(t));
}

/**
 * The line to pre-fill the lookup with: the line of the first finding the server reported in `text`,
 * else the first line that looks like a gRPC error, else undefined. Trimmed and capped.
 */
export function queryLine(
  text: string | undefined,
  findingLines: readonly number[],
  maxChars = 300,
): string | undefined {
  if (!text?.trim()) return undefined;
  const lines = text.split(/\r\n|\r|\n/);
  const line = findingLines.length ? lines[findingLines[0]] : lines.find((l) => looksLikeGrpcError(l));
  const q = line?.trim().slice(0, maxChars);
  return q || undefined;
}
