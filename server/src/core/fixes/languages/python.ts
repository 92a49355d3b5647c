import type { StatusName } from '../../../../../shared/knowledge';
import {
  appendArgument,
  argumentsOf,
  assignedName,
  callSites,
  commentBlock,
  existingCodeList,
  fromPascalStatus,
  insertBelowLine,
  receiverOf,
  statementEndOffset,
  streamSites,
} from '../common';
import { ensureImports, pythonStdlibImport } from '../imports';
import { retryConfigComment, serviceConfigJson, tabIndented, type RetryPlan } from '../serviceConfig';
import { codeMatches, indentAt, layout, lineStartAt, type Replacement } from '../text';
import type { EditInput, LanguageSupport, Site } from '../types';

const CONFIG_NAME = 'GRPC_SERVICE_CONFIG';

function usesAsyncio(text: string): boolean {
  return /\bgrpc\.aio\b|\bfrom\s+grpc\s+import\s+(?:[\w \t,]{0,200}\b)?aio\b/.test(text); // one line, bounded
}

function findSites(input: EditInput, streamMethods: ReadonlySet<string>): Site[] {
  const asyncio = usesAsyncio(input.text);
  const channels = callSites(input, /\b((?:grpc\.)?(?:aio\.)?(?:insecure|secure)_channel)\s*\(/, 'channel', (m) => ({
    variable:
      assignedName(input, { kind: 'channel', start: m.index, end: m.index }) ??
      /\bas\s+(\w+)/.exec(input.masked.slice(m.index, input.masked.indexOf('\n', m.index)))?.[1],
    variant: /aio\./.test(m[1]) ? 'asyncio' : 'sync',
  }));
  const servers = callSites(input, /\b((?:grpc\.)?(?:aio\.)?server)\s*\(/, 'server', (m) => {
    if (!/^(?:grpc\.)?(?:aio\.)?server$/.test(m[1]) || (!m[1].includes('.') && !asyncio)) return null;
    const variable = assignedName(input, { kind: 'server', start: m.index, end: m.index });
    return variable ? { variable, variant: /aio\./.test(m[1]) ? 'asyncio' : 'sync' } : null;
  });
  const streams = streamSites(input, streamMethods, (name) => [name], asyncio ? 'asyncio' : 'sync');
  return [...channels, ...servers, ...streams].sort((a, b) => a.start - b.start);
}

function existingConfig(input: EditInput) {
  const present = /grpc\.service_config/.test(input.text);
  return {
    present,
    codes: present
      ? existingCodeList(input.text, /["']retryableStatusCodes["']\s*:\s*\[/, ']', fromPascalStatus)
      : undefined,
  };
}

/** Inserts a top-level statement after the module's last top-level import (two blank lines around it). */
function moduleConstant(input: EditInput, snippet: string): Replacement {
  const imports = [...input.masked.matchAll(/^(?:import|from)\s+[\w.]+[^\n]*/gm)];
  const last = imports[imports.length - 1];
  let at = 0;
  if (last) {
    let end = last.index + last[0].length;
    const paren = last[0].indexOf('(');
    if (paren >= 0 && !last[0].includes(')')) end = input.masked.indexOf(')', last.index + paren) + 1 || end;
    at = input.text.indexOf('\n', end);
    at = at < 0 ? input.text.length : at;
  }
  const block = layout(snippet, '', input.unit);
  return { start: at, end: at, newText: at ? `\n\n\n${block.replace(/\n$/, '')}` : `${block}\n\n` };
}

function pythonLiteral(json: string): string {
  return json.replace(/: true\b/g, ': True').replace(/: false\b/g, ': False');
}

function addRetryConfig(input: EditInput, site: Site, plan: RetryPlan): Replacement[] | undefined {
  const comment = retryConfigComment(plan, 'python')
    .map((l) => `# ${l}`)
    .join('\n');
  const body = tabIndented(pythonLiteral(serviceConfigJson(plan, 'python')));
  // a named module-level constant after the imports (PEP 8), not a block inside the function that dials
  const constant = moduleConstant(input, `${comment}\n${CONFIG_NAME} = json.dumps(${body})`);
  const option = `("grpc.service_config", ${CONFIG_NAME})`;
  const { args } = argumentsOf(input, site);
  const edits: Replacement[] = [];
  const keyword = args.find((a) => /^options\s*=/.test(input.masked.slice(a.start, a.end)));
  const positionalIndex =
    /secure_channel/.test(input.masked.slice(site.start, site.end)) &&
    !/insecure/.test(input.masked.slice(site.start, site.start + 40))
      ? 2
      : 1;
  const positional =
    !keyword &&
    args.length > positionalIndex &&
    !/^\w+\s*=/.test(input.masked.slice(args[positionalIndex].start, args[positionalIndex].end))
      ? args[positionalIndex]
      : undefined;
  const target = keyword ?? positional;
  if (target) {
    const valueStart = keyword
      ? keyword.start + /^options\s*=\s*/.exec(input.masked.slice(keyword.start))![0].length
      : target.start;
    const value = input.text.slice(valueStart, target.end);
    if (value.startsWith('[') && value.endsWith(']')) {
      const empty = value.slice(1, -1).trim() === '';
      edits.push({ start: valueStart + 1, end: valueStart + 1, newText: empty ? option : `${option}, ` });
    } else {
      edits.push({ start: valueStart, end: target.end, newText: `[*${value}, ${option}]` });
    }
  } else {
    edits.push(appendArgument(input, site, `options=[${option}]`));
  }
  const imports = pythonStdlibImport(input.text, ['json']);
  return [...(imports ? [imports] : []), constant, ...edits];
}

const SYNC_HELPER = (codes: string) => `
def consume_with_reconnect(open_stream, handle, position=None, should_stop=lambda: False,
\t\t\t\t\t\t   initial_backoff=1.0, max_backoff=30.0, healthy_after=10.0, max_failures=10):
\t"""gRPC Doctor: re-open a server stream on the same channel after the server restarts or the
\tconnection drops (the channel reconnects by itself; a finished call never resumes).

\topen_stream(position) starts the call, e.g. stub.Subscribe(request_after(position), wait_for_ready=True);
\thandle(message, position) processes one message and returns the new resume position.
\tReturns the position when the server ends the stream (OK) or should_stop() is true; raises on other
\tstatus codes and after max_failures failed attempts in a row.
\t"""
\treconnect_codes = (${codes})
\tdelay = initial_backoff
\tfailures = 0
\twhile not should_stop():
\t\topened = time.monotonic()
\t\ttry:
\t\t\tfor message in open_stream(position):
\t\t\t\tposition = handle(message, position)
\t\t\t\tfailures = 0
\t\t\t\tif time.monotonic() - opened >= healthy_after:
\t\t\t\t\tdelay = initial_backoff  # healthy for a while: start the backoff over
\t\t\treturn position
\t\texcept grpc.RpcError as error:
\t\t\tif should_stop():
\t\t\t\treturn position
\t\t\tfailures += 1
\t\t\tif error.code() not in reconnect_codes or failures >= max_failures:
\t\t\t\traise
\t\ttime.sleep(delay * random.uniform(0.8, 1.2))
\t\tdelay = min(delay * 1.6, max_backoff)
\treturn position
`;

const ASYNC_HELPER = (codes: string) => `
async def consume_with_reconnect_async(open_stream, handle, position=None,
\t\t\t\t\t\t\t\t\t   initial_backoff=1.0, max_backoff=30.0, healthy_after=10.0, max_failures=10):
\t"""gRPC Doctor: re-open a server stream on the same grpc.aio channel after the server restarts or
\tthe connection drops (the channel reconnects by itself; a finished call never resumes).

\topen_stream(position) starts the call, e.g. stub.Subscribe(request_after(position), wait_for_ready=True);
\thandle(message, position) processes one message and returns the new resume position.
\tReturns the position when the server ends the stream (OK); raises on other status codes and after
\tmax_failures failed attempts in a row. Cancel the task running it to stop.
\t"""
\treconnect_codes = (${codes})
\tdelay = initial_backoff
\tfailures = 0
\twhile True:
\t\topened = time.monotonic()
\t\tcall = open_stream(position)
\t\ttry:
\t\t\tasync for message in call:
\t\t\t\tposition = handle(message, position)
\t\t\t\tfailures = 0
\t\t\t\tif time.monotonic() - opened >= healthy_after:
\t\t\t\t\tdelay = initial_backoff  # healthy for a while: start the backoff over
\t\t\treturn position
\t\texcept grpc.aio.AioRpcError as error:
\t\t\tfailures += 1
\t\t\tif error.code() not in reconnect_codes or failures >= max_failures:
\t\t\t\traise
\t\tfinally:
\t\t\tcall.cancel()
\t\tawait asyncio.sleep(delay * random.uniform(0.8, 1.2))
\t\tdelay = min(delay * 1.6, max_backoff)
`;

function hasReconnectHelper(text: string): boolean {
  return /\bdef consume_with_reconnect(?:_async)?\s*\(/.test(text);
}

/** Where top-level helpers go: after the imports (and the blank lines after them). */
function topLevelInsertion(input: EditInput, imports: Replacement | undefined): number {
  if (imports) return imports.start;
  let last = -1;
  for (const m of codeMatches(input.masked, /^(?:import|from)\s+[\w.]+[^\n]*/gm)) last = m.index + m[0].length;
  if (last < 0) return 0;
  const nl = input.text.indexOf('\n', last);
  return nl < 0 ? input.text.length : nl + 1;
}

function addReconnectLoop(input: EditInput, site: Site | undefined, codes: StatusName[]): Replacement[] | undefined {
  const asyncio = site?.variant === 'asyncio' || (!site && usesAsyncio(input.text));
  const codeList = codes.map((c) => `grpc.StatusCode.${c}`).join(', ');
  const imports = ensureImports(input.text, 'python', asyncio ? ['asyncio', 'random', 'time'] : ['random', 'time']);
  const at = topLevelInsertion(input, imports);
  const helper = layout((asyncio ? ASYNC_HELPER : SYNC_HELPER)(codeList), '', input.unit);
  const edits: Replacement[] = [];
  if (imports) edits.push(imports);
  edits.push({ start: at, end: at, newText: `\n\n${helper}\n` });
  if (site) {
    const receiver = receiverOf(input, site) ?? 'stub';
    const call = asyncio ? 'await consume_with_reconnect_async' : 'consume_with_reconnect';
    const usage = [
      'gRPC Doctor: to survive a server restart, run this stream through the re-open loop, e.g.',
      `  position = ${call}(lambda position: ${receiver}.${site.method}(request_after(position), wait_for_ready=True), handle, position)`,
    ];
    const line = lineStartAt(input.text, site.start);
    edits.push({ start: line, end: line, newText: commentBlock(usage, '#', indentAt(input.text, site.start)) });
  }
  return edits;
}

function hasGracefulShutdown(text: string): boolean {
  return /signal\.SIGTERM|add_signal_handler/.test(text);
}

function addGracefulShutdown(input: EditInput, site: Site): Replacement[] | undefined {
  if (!site.variable) return undefined;
  const end = statementEndOffset(input, site, false);
  const s = site.variable;
  const snippet =
    site.variant === 'asyncio'
      ? `# gRPC Doctor: graceful shutdown on SIGTERM: stop taking calls, let running ones finish for up to
# 30 s, then cancel the rest (stream handlers should stop when context.cancelled() / done).
asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(${s}.stop(30)))`
      : `# gRPC Doctor: graceful shutdown on SIGTERM: stop taking calls, let running ones finish for up to
# 30 s, then cancel the rest (stream handlers should check context.is_active()).
signal.signal(signal.SIGTERM, lambda signum, frame: ${s}.stop(30))`;
  const imports = ensureImports(input.text, 'python', site.variant === 'asyncio' ? ['asyncio', 'signal'] : ['signal']);
  return [...(imports ? [imports] : []), insertBelowLine(input, end, site.start, snippet)];
}

export const python: LanguageSupport = {
  language: 'python',
  meta: {
    name: 'Python (sync + asyncio)',
    channel: '`grpc.insecure_channel`/`secure_channel`/`grpc.aio.*`',
    server: '`grpc.server(`/`grpc.aio.server(`',
  },
  findSites,
  existingConfig,
  renderCode: (code, quote) => `${quote}${code}${quote}`,
  addRetryConfig,
  hasReconnectHelper,
  addReconnectLoop,
  hasGracefulShutdown,
  addGracefulShutdown,
};
