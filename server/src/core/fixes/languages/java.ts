import type { StatusName } from '../../../../../shared/knowledge';
import {
  callSites,
  commentBlock,
  enclosingClassBody,
  existingCodeList,
  fromPascalStatus,
  insertMember,
  lowerFirst,
  receiverOf,
  statementStartOffset,
  streamSites,
  insertStatementsAfter,
} from '../common';
import { ensureImports } from '../imports';
import {
  honoursServiceConfigWaitForReady,
  RETRY_POLICY,
  retryConfigComment,
  type MethodName,
  type RetryPlan,
} from '../serviceConfig';
import { codeMatches, enclosingOpen, indentAt, lineStartAt, statementEnd, type Replacement } from '../text';
import type { EditInput, LanguageSupport, Site } from '../types';

function findSites(input: EditInput, streamMethods: ReadonlySet<string>): Site[] {
  const channels = callSites(
    input,
    /\b(?:(?:ManagedChannelBuilder|NettyChannelBuilder|OkHttpChannelBuilder)\s*\.\s*(?:forAddress|forTarget)|Grpc\s*\.\s*newChannelBuilder(?:ForAddress)?)\s*\(/,
    'channel',
    (m) => (buildCall(input, m.index) ? {} : null),
  );
  const servers = callSites(
    input,
    /\b(?:(?:ServerBuilder|NettyServerBuilder)\s*\.\s*forPort|Grpc\s*\.\s*newServerBuilderForPort)\s*\(/,
    'server',
    (m) => {
      const start = statementStartOffset(input, { kind: 'server', start: m.index, end: m.index });
      const variable = /^(?:[\w<>.]+\s+)?([\w.]+)\s*=\s*$/.exec(input.masked.slice(start, m.index))?.[1];
      return variable && buildCall(input, m.index) ? { variable } : null;
    },
  );
  return [...channels, ...servers, ...streamSites(input, streamMethods, (n) => [lowerFirst(n)])].sort(
    (a, b) => a.start - b.start,
  );
}

/** Offset of `.build()` ending the builder chain that starts at `from`. */
function buildCall(input: EditInput, from: number): number | undefined {
  const end = statementEnd(input.masked, from);
  if (end < 0) return undefined;
  let found: number | undefined;
  for (const m of codeMatches(input.masked.slice(from, end), /\.\s*build\s*\(\s*\)/g)) found = from + m.index;
  return found;
}

function existingConfig(input: EditInput) {
  const present = /\.defaultServiceConfig\s*\(/.test(input.text);
  return {
    present,
    codes: present
      ? existingCodeList(
          input.text,
          /"retryableStatusCodes"\s*,\s*(?:List\.of|Arrays\.asList|ImmutableList\.of|Collections\.singletonList)\s*\(/,
          ')',
          fromPascalStatus,
        )
      : undefined,
  };
}

function javaName(name: MethodName): string {
  const parts: string[] = [];
  if (name.service) parts.push(`"service", "${name.service}"`);
  if (name.method) parts.push(`"method", "${name.method}"`);
  return `Map.of(${parts.join(', ')})`;
}

/** A Map the builder accepts: numbers as Double (grpc-java before 1.83.0 rejects other Number types). */
function configMethod(plan: RetryPlan): string {
  const names = plan.wildcard ? 'Map.of()' : plan.names.map(javaName).join(', ');
  const comment = retryConfigComment(plan, 'java')
    .map((l) => ` * ${l}`)
    .join('\n');
  const wait = honoursServiceConfigWaitForReady('java') ? `\t\t\t\t"waitForReady", true,\n` : '';
  return `
/**
${comment}
 */
private static Map<String, Object> grpcServiceConfig() {
\treturn Map.of("methodConfig", List.of(Map.of(
\t\t\t\t"name", List.of(${names}),
${wait}\t\t\t\t"retryPolicy", Map.of(
\t\t\t\t\t\t"maxAttempts", ${RETRY_POLICY.maxAttempts}.0,
\t\t\t\t\t\t"initialBackoff", "${RETRY_POLICY.initialBackoff}",
\t\t\t\t\t\t"maxBackoff", "${RETRY_POLICY.maxBackoff}",
\t\t\t\t\t\t"backoffMultiplier", ${RETRY_POLICY.backoffMultiplier}.0,
\t\t\t\t\t\t"retryableStatusCodes", List.of(${plan.retryableStatusCodes.map((c) => `"${c}"`).join(', ')})))));
}`;
}

function addRetryConfig(input: EditInput, site: Site, plan: RetryPlan): Replacement[] | undefined {
  const build = buildCall(input, site.start);
  const body = enclosingClassBody(input.masked, site.start);
  if (build === undefined || body < 0) return undefined;
  // keep the chain's layout: a `.build()` on its own line gets its siblings on their own lines
  const lineStart = lineStartAt(input.text, build);
  const ownLine = input.text.slice(lineStart, build).trim() === '';
  const chain = ownLine
    ? `.defaultServiceConfig(grpcServiceConfig())\n${indentAt(input.text, build)}.enableRetry()\n${indentAt(input.text, build)}`
    : '.defaultServiceConfig(grpcServiceConfig()).enableRetry()';
  const imports = ensureImports(input.text, 'java', ['java.util.List', 'java.util.Map']);
  return [
    ...(imports ? [imports] : []),
    { start: build, end: build, newText: chain },
    insertMember(input, body, configMethod(plan)),
  ];
}

const HELPER = (codes: string) => `
/**
 * gRPC Doctor: re-opens a server stream on the same channel after the server restarts or the connection
 * drops (the channel reconnects by itself; a finished call never resumes). {@code open} starts the call
 * from a resume position on a blocking stub (use {@code stub.withWaitForReady()}); {@code handle}
 * processes one message and returns the new position. Returns when the server ends the stream or the
 * thread is interrupted; throws on a status not worth a retry and after 10 failed attempts in a row.
 */
static <T, P> P consumeWithReconnect(Function<P, Iterator<T>> open, BiFunction<T, P, P> handle, P position)
\t\tthrows InterruptedException {
\tfinal long initialBackoffMillis = 1_000, maxBackoffMillis = 30_000, healthyAfterNanos = TimeUnit.SECONDS.toNanos(10);
\tfinal int maxFailures = 10;
\tlong delayMillis = initialBackoffMillis;
\tint failures = 0;
\twhile (!Thread.currentThread().isInterrupted()) {
\t\tlong opened = System.nanoTime();
\t\ttry {
\t\t\tIterator<T> messages = open.apply(position);
\t\t\twhile (messages.hasNext()) {
\t\t\t\tposition = handle.apply(messages.next(), position);
\t\t\t\tfailures = 0;
\t\t\t\tif (System.nanoTime() - opened >= healthyAfterNanos) {
\t\t\t\t\tdelayMillis = initialBackoffMillis; // healthy for a while: start the backoff over
\t\t\t\t}
\t\t\t}
\t\t\treturn position; // the server ended the stream with OK
\t\t} catch (StatusRuntimeException e) {
\t\t\tStatus.Code code = e.getStatus().getCode();
\t\t\tif (Thread.currentThread().isInterrupted()) {
\t\t\t\treturn position;
\t\t\t}
\t\t\tif (!(${codes}) || ++failures >= maxFailures) {
\t\t\t\tthrow e;
\t\t\t}
\t\t}
\t\tThread.sleep((long) (delayMillis * (0.8 + ThreadLocalRandom.current().nextDouble(0.4))));
\t\tdelayMillis = Math.min((long) (delayMillis * 1.6), maxBackoffMillis);
\t}
\treturn position;
}`;

function hasReconnectHelper(text: string): boolean {
  return /\bP consumeWithReconnect\s*\(/.test(text);
}

function firstClassBody(input: EditInput): number {
  const m = /\b(?:class|record|enum)\s+\w+[^{;]*\{/.exec(input.masked);
  return m ? m.index + m[0].length - 1 : -1;
}

function addReconnectLoop(input: EditInput, site: Site | undefined, codes: StatusName[]): Replacement[] | undefined {
  const body = site ? enclosingClassBody(input.masked, site.start) : firstClassBody(input);
  if (body < 0) return undefined;
  const imports = ensureImports(input.text, 'java', [
    'io.grpc.Status',
    'io.grpc.StatusRuntimeException',
    'java.util.Iterator',
    'java.util.concurrent.ThreadLocalRandom',
    'java.util.concurrent.TimeUnit',
    'java.util.function.BiFunction',
    'java.util.function.Function',
  ]);
  const condition = codes.map((c) => `code == Status.Code.${c}`).join(' || ');
  const edits: Replacement[] = [];
  if (imports) edits.push(imports);
  if (site) {
    const receiver = receiverOf(input, site) ?? 'stub';
    const usage = [
      'gRPC Doctor: to survive a server restart, run this stream through the re-open loop, e.g.',
      `  position = consumeWithReconnect(p -> ${receiver}.withWaitForReady().${site.method}(requestAfter(p)), this::handle, position);`,
    ];
    const line = lineStartAt(input.text, statementStartOffset(input, site));
    edits.push({ start: line, end: line, newText: commentBlock(usage, '//', indentAt(input.text, line)) });
  }
  edits.push(insertMember(input, body, HELPER(condition)));
  return edits;
}

function hasGracefulShutdown(text: string): boolean {
  return /addShutdownHook/.test(text) && /\.shutdown(?:Now)?\s*\(/.test(text);
}

function addGracefulShutdown(input: EditInput, site: Site): Replacement[] | undefined {
  if (!site.variable) return undefined;
  const body = enclosingClassBody(input.masked, site.start);
  // a field initializer has no room for a statement
  if (body === enclosingOpen(input.masked, site.start, '{')) return undefined;
  const s = site.variable;
  const snippet = `// gRPC Doctor: graceful shutdown on SIGTERM (the JVM runs shutdown hooks): shutdown() refuses new calls
// and lets running ones finish; shutdownNow() after 30 s cancels what is left (long-lived streams).
Runtime.getRuntime().addShutdownHook(new Thread(() -> {
\t${s}.shutdown();
\ttry {
\t\tif (!${s}.awaitTermination(30, TimeUnit.SECONDS)) {
\t\t\t${s}.shutdownNow();
\t\t\t${s}.awaitTermination(5, TimeUnit.SECONDS);
\t\t}
\t} catch (InterruptedException e) {
\t\t${s}.shutdownNow();
\t\tThread.currentThread().interrupt();
\t}
}));`;
  return insertStatementsAfter(input, site, 'java', ['java.util.concurrent.TimeUnit'], snippet);
}

export const java: LanguageSupport = {
  language: 'java',
  meta: { name: 'Java', channel: '`ManagedChannelBuilder…build()`', server: '`ServerBuilder.forPort(…).build()`' },
  findSites,
  existingConfig,
  renderCode: (code) => `"${code}"`,
  addRetryConfig,
  hasReconnectHelper,
  addReconnectLoop,
  hasGracefulShutdown,
  addGracefulShutdown,
};
