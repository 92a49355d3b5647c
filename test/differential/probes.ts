/** Runs differential cases through grpc-js (in process), grpcio and grpc-go (child processes). */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { PROBE_PATH, type DifferentialCase } from './cases';

export interface ProbeResult {
  id: string;
  outcome: 'rejected' | 'ok';
  attempts: number;
  detail: string;
}

export const ROOT = path.resolve(__dirname, '../../..');
export const PYTHON = path.join(ROOT, '.tools/venv/bin/python');
export const GO_PROBE = path.join(ROOT, '.tools/bin/sc-probe-go');

/** A loopback grpc-js server whose every call to PROBE_PATH fails UNAVAILABLE, counting attempts per case. */
async function startCountingServer(): Promise<{ port: number; attempts: Map<string, number>; stop: () => void }> {
  const attempts = new Map<string, number>();
  const server = new grpc.Server();
  const identity = (b: Buffer): Buffer => b;
  server.register(
    PROBE_PATH,
    (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const id = String(call.metadata.get('x-case')[0] ?? '');
      attempts.set(id, (attempts.get(id) ?? 0) + 1);
      callback({ code: grpc.status.UNAVAILABLE, details: 'probe says unavailable' });
    },
    identity,
    identity,
    'unary',
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    );
  });
  return { port, attempts, stop: () => server.forceShutdown() };
}

export async function probeGrpcJs(cases: DifferentialCase[]): Promise<ProbeResult[]> {
  const { port, attempts, stop } = await startCountingServer();
  const results: ProbeResult[] = [];
  try {
    for (const c of cases) {
      let client: grpc.Client;
      try {
        client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
          'grpc.service_config': c.config,
        });
      } catch (err) {
        results.push({ id: c.id, outcome: 'rejected', attempts: 0, detail: (err as Error).message });
        continue;
      }
      const metadata = new grpc.Metadata();
      metadata.set('x-case', c.id);
      const detail = await new Promise<string>((resolve) => {
        client.makeUnaryRequest(
          PROBE_PATH,
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.alloc(0),
          metadata,
          { deadline: Date.now() + 10_000 },
          (err) => resolve(err ? `${err.code} ${err.details}` : 'OK'),
        );
      });
      client.close();
      results.push({ id: c.id, outcome: 'ok', attempts: attempts.get(c.id) ?? 0, detail });
    }
  } finally {
    stop();
  }
  return results;
}

function runChild(command: string, args: string[], cases: DifferentialCase[]): ProbeResult[] {
  if (!fs.existsSync(command))
    throw new Error(`${command} is missing: run scripts/setup/differential.sh (npm run test:differential does)`);
  const input = JSON.stringify({ cases: cases.map((c) => ({ id: c.id, config: c.config, path: PROBE_PATH })) });
  const r = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    timeout: 50_000,
    env: { ...process.env, GRPC_VERBOSITY: 'NONE' },
  });
  if (r.status !== 0) throw new Error(`${path.basename(command)} exited ${r.status}: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProbeResult);
}

export function probeGrpcio(cases: DifferentialCase[]): ProbeResult[] {
  return runChild(PYTHON, [path.join(ROOT, 'test/differential/python/probe.py')], cases);
}

export function probeGrpcGo(cases: DifferentialCase[]): ProbeResult[] {
  return runChild(GO_PROBE, [], cases);
}
