/**
 * What a server did, read from its log: the server-side findings of the knowledge base (real library
 * text: GOAWAY sent, too many pings, Stop() with calls in flight) and lifecycle lines. gRPC servers print
 * nothing of their own when they start or stop at default verbosity, so "shutdown begun" comes from what
 * the application or the platform printed. The lifecycle words below are generic (the phrase, not one
 * program's template), each followed by real software that prints it; a report quotes the line, so a
 * wrong guess is visible.
 */
import type { Family } from '../../../../shared/knowledge';

export type ServerEventKind =
  'graceful-stop' | 'hard-stop' | 'stop' | 'killed' | 'goaway' | 'too-many-pings' | 'started';

export interface ServerEvent {
  kind: ServerEventKind;
  file: string;
  /** 0-based */
  line: number;
  time?: number;
  /** the line as printed (trimmed, at most 200 characters) */
  text: string;
  /** set when the event is a finding of this entry */
  entryId?: string;
}

/** First match wins: specific before generic. */
const LIFECYCLE: [ServerEventKind, RegExp][] = [
  // SIGKILL / OOM: kubelet "OOMKilled", systemd "code=killed, status=9/KILL", shells "Killed"
  ['killed', /\bSIGKILL\b|\bOOMKilled\b|status=9\/KILL|\bsignal: killed\b/],
  // too many pings: grpc-go "too_many_pings", Netty "too_many_pings", HTTP/2 ENHANCE_YOUR_CALM
  ['too-many-pings', /too[ _]many[ _]pings|ENHANCE_YOUR_CALM/i],
  ['goaway', /\bGOAWAY\b/],
  // graceful: grpc-go GracefulStop, Spring Boot "Commencing graceful shutdown", "draining connections"
  [
    'graceful-stop',
    /\bGracefulStop\b|\bgraceful(?:ly)?\b[^\n]{0,40}\b(?:stop|shut ?down|shutting down)|\bshutting down gracefully\b|\bdraining\b/i,
  ],
  // forced stop: grpc-java shutdownNow(), grpc-go Stop() / grpcio stop(None) after a grace, "grace period expired"
  [
    'hard-stop',
    /\bshutdownNow\(\)|\bStop\(\)|\.stop\(None\)|\bforc(?:ed|ing|e)[ -]?(?:stop|shut ?down)|grace period (?:expired|elapsed|exceeded)/i,
  ],
  // generic stop: SIGTERM, "shutting down" (grpc-java examples: "shutting down gRPC server since JVM is
  // shutting down"; ASP.NET Core: "Application is shutting down..."), systemd "Stopping …", "server stopped"
  [
    'stop',
    /\bSIGTERM\b|\bshutting down\b|\bshutdown (?:initiated|started|requested|hook)\b|\b(?:server|service) stopped\b|^\s*Stopping \S/i,
  ],
  // started: "listening on" (grpc-go examples "server listening at", ASP.NET "Now listening on:"), "Server started"
  ['started', /\blistening (?:on|at)\b|\bserver started\b/i],
];

const END_OF_STOP = /\b(?:returned|completed|finished)\b|\b(?:shutdown|stop) complete\b/i;

/** The lifecycle kind a server log line speaks of, if any. */
export function lifecycleKind(line: string): ServerEventKind | undefined {
  for (const [kind, re] of LIFECYCLE) {
    if (!re.test(line)) continue;
    // "GracefulStop returned", "graceful shutdown complete": the end of a stop that began earlier
    if (kind === 'graceful-stop' && END_OF_STOP.test(line)) return undefined;
    return kind;
  }
  return undefined;
}

/** Cheap pre-check before the lifecycle regexes (one lowercase scan for the words they need). */
export const LIFECYCLE_HINT = /kill|ping|goaway|enhance|shutdown|stop|grace|drain|sigterm|shutting|listening|started/i;

/** The event a server-side finding stands for. */
export function findingEventKind(family: Family): ServerEventKind | undefined {
  switch (family) {
    case 'server-graceful-stop':
      return 'graceful-stop';
    case 'server-hard-stop':
      return 'hard-stop';
    case 'goaway':
      return 'goaway';
    case 'keepalive':
      return 'too-many-pings';
    default:
      return undefined;
  }
}

/** Which client families an event can explain (a connection refused can follow any stop). */
export const EXPLAINS: Record<ServerEventKind, Family[]> = {
  'graceful-stop': [
    'server-graceful-stop',
    'goaway',
    'server-hard-stop',
    'connection-lost',
    'server-unreachable',
    'client-cancelled',
    'unverified',
  ],
  'hard-stop': [
    'server-hard-stop',
    'connection-lost',
    'server-unreachable',
    'goaway',
    'client-cancelled',
    'unverified',
  ],
  stop: [
    'server-graceful-stop',
    'server-hard-stop',
    'goaway',
    'connection-lost',
    'server-unreachable',
    'client-cancelled',
    'unverified',
  ],
  killed: ['server-hard-stop', 'connection-lost', 'server-unreachable', 'unverified'],
  goaway: ['goaway', 'server-graceful-stop', 'connection-lost', 'unverified'],
  'too-many-pings': ['keepalive', 'goaway', 'connection-lost'],
  started: [],
};
