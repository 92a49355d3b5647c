/** Pure helpers of the lookup command (no `vscode` import). */

// Words that almost only appear in gRPC error output; one is enough to pre-fill the lookup.
const GRPC_HINTS = [
  /\brpc error\b/i, /\bcode\s*=\s*\w+/i, /\bStatusCode\.\w+/, /\bstatus(?:Code)?\s*[:=]\s*\w+/i,
  /\b(UNAVAILABLE|DEADLINE_EXCEEDED|CANCELLED|RESOURCE_EXHAUSTED|INTERNAL|UNKNOWN|ABORTED)\b/,
  /\bGOAWAY\b/i, /\bRST_STREAM\b/i, /\bkeepalive\b/i, /\btransport is closing\b/i, /\bgrpc\b/i,
  /\bchannel\b.*\b(closed|shutdown)\b/i, /\bconnection (reset|refused|closed)\b/i, /\bStatusRuntimeException\b/,
  /\bRpcException\b/, /\bdebug_error_string\b/, /连接|通道|关闭/,
];

/** True when a piece of text (selection, clipboard) looks like a gRPC error worth looking up. */
export function looksLikeGrpcError(text: string | undefined): boolean {
  if (!text) return false;
  const t = text.trim();
  if (t.length < 6 || t.length > 4000) return false;
  return GRPC_HINTS.some((re) => re.test(t));
}

/** The query to pre-fill: the selection if it looks like an error, else the clipboard, else empty. One line, capped. */
export function initialQuery(selection: string | undefined, clipboard: string | undefined, maxChars = 300): string {
  const pick = [selection, clipboard].find(looksLikeGrpcError);
  if (!pick) return '';
  const line = pick.trim().split(/\r?\n/).find((l) => looksLikeGrpcError(l)) ?? pick.trim().split(/\r?\n/)[0];
  return line.trim().slice(0, maxChars);
}
