/**
 * Differential test: the lint's per-implementation verdicts agree with what real grpc-js, grpcio and
 * grpc-go do with each config (tools from scripts/setup/differential.sh). grpc-js runs in `npm test`;
 * grpcio and grpc-go run under `npm run test:differential` (GRPC_DOCTOR_DIFFERENTIAL=1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintServiceConfigDocument, type ProtoIndex, type ScImplementation } from '../../server/src/core/lint/index';
import { CASES, type DifferentialCase } from './cases';
import { probeGrpcGo, probeGrpcio, probeGrpcJs, type ProbeResult } from './probes';

const PROTO: ProtoIndex = {
  services: new Map([
    ['probe.Svc', new Map([['Call', { clientStreaming: false, serverStreaming: false, file: 'probe.proto' }]])],
  ]),
  problems: [],
};

type Observed = 'rejects' | 'ignores' | 'accepts';

/** What the lint predicts: any rejecting problem wins, then (for retry probes) any ignoring one. */
export function predicted(c: DifferentialCase, impl: ScImplementation): Observed {
  const problems = lintServiceConfigDocument(c.config, 'json', { protoIndex: PROTO });
  const verdicts = problems.map((p) => p.verdicts[impl]);
  if (verdicts.includes('rejects')) return 'rejects';
  if (c.probe === 'retries' && verdicts.includes('ignores')) return 'ignores';
  return 'accepts';
}

function observed(c: DifferentialCase, r: ProbeResult | undefined): Observed | string {
  if (!r) return 'no result';
  if (r.outcome === 'rejected') return 'rejects';
  if (c.probe === 'errors') return 'accepts';
  if (r.attempts > 1) return 'accepts';
  if (r.attempts === 1) return 'ignores';
  return `never reached the server (${r.detail})`;
}

function compare(impl: ScImplementation, results: ProbeResult[]): void {
  const byId = new Map(results.map((r) => [r.id, r]));
  const rows: string[] = [];
  const mismatches: string[] = [];
  for (const c of CASES) {
    const want = predicted(c, impl);
    const got = observed(c, byId.get(c.id));
    const r = byId.get(c.id);
    rows.push(`${c.id.padEnd(28)} ${String(got).padEnd(8)} attempts=${r?.attempts ?? '-'} ${r?.detail ?? ''}`);
    // With the 'errors' probe only "rejects or not" is observable.
    const same = c.probe === 'errors' ? (want === 'rejects') === (got === 'rejects') : want === got;
    if (!same) mismatches.push(`${c.id}: lint says ${want}, ${impl} ${got} (${r?.detail ?? ''})`);
  }
  if (process.env.GRPC_DOCTOR_DIFFERENTIAL_TABLE) console.log(`# ${impl}\n${rows.join('\n')}`);
  assert.deepEqual(mismatches, []);
}

const full = process.env.GRPC_DOCTOR_DIFFERENTIAL === '1';
const skip = full ? false : 'run `npm run test:differential`';

test('grpc-js agrees with the lint verdicts', { timeout: 60_000 }, async () => {
  compare('node', await probeGrpcJs(CASES));
});

test('grpcio (C-core) agrees with the lint verdicts', { skip, timeout: 60_000 }, () => {
  compare('core', probeGrpcio(CASES));
});

test('grpc-go agrees with the lint verdicts', { skip, timeout: 60_000 }, () => {
  compare('go', probeGrpcGo(CASES));
});
