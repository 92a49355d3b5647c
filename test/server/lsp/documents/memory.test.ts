import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { DocumentFindings } from '../../../../server/src/lsp/documents/documentFindings';
import type { Finding } from '../../../../server/src/core/scan/matcher';
import { defaultKnowledge } from '../../../../server/src/project/knowledgeFiles';
import { startInProcess } from '../../../helpers/lspHarness';

/**
 * What the server keeps of a document, measured after forced garbage collections in a child process
 * started with --expose-gc (this file re-runs itself as that child). Sizes only, no timing.
 */
const CHILD = 'GRPC_DOCTOR_MEMORY_CHILD';
const EDITS = 40;

interface Measured {
  textMiB: number;
  /** heap growth from just after the open to after EDITS one-line edits, each diagnosed */
  growthAfterEditsMiB: number;
  /** heap growth from before the open to after the close */
  growthAfterCloseMiB: number;
  documentReleased: boolean;
  findingsReleased: boolean;
  findingsWhileOpen: number;
}

/** ~4 MiB of log lines with a gRPC error every 500 lines. */
function bigLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 50_000; i++) {
    lines.push(
      i % 500 === 7
        ? `2024/05/01 10:00:${String(i % 60).padStart(2, '0')} recv: rpc error: code = Unavailable desc = error reading from server: EOF (request ${i})`
        : `2024-05-01T10:00:00.${String(i % 1000).padStart(3, '0')}Z INFO worker-${i % 7} handled request ${i} in ${i % 97} ms`,
    );
  }
  return lines.join('\n');
}

/** In a function of its own, so that no variable of the measuring coroutine holds the document. */
function weakRefsTo(doc: DocumentFindings): {
  documentRef: WeakRef<DocumentFindings>;
  findingsRef: WeakRef<readonly Finding[]>;
  findingsWhileOpen: number;
} {
  return {
    documentRef: new WeakRef(doc),
    findingsRef: new WeakRef(doc.findings()),
    findingsWhileOpen: doc.findings().length,
  };
}

async function measure(): Promise<Measured> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const heap = async (): Promise<number> => {
    await new Promise((r) => setImmediate(r));
    gc();
    gc();
    return process.memoryUsage().heapUsed / 1048576;
  };
  const h = startInProcess({ knowledge: defaultKnowledge() });
  await h.initialize({ settings: { debounceMs: 0 } });
  const uri = 'file:///memory/big.log';
  let text: string | undefined = bigLog();
  const textMiB = text.length / 1048576;
  const lineLengths = text.split('\n').map((l) => l.length);
  const before = await heap();
  let diagnosed = h.diagnostics(uri);
  await h.open(uri, text);
  text = undefined;
  await diagnosed;
  const afterOpen = await heap();
  for (let k = 0; k < EDITS; k++) {
    const line = 100 + ((k * 1237) % (lineLengths.length - 200));
    const newText = k % 2 ? 'rpc error: code = Unavailable desc = the connection is draining' : `INFO edited ${k}`;
    const version = k + 2;
    diagnosed = h.diagnostics(uri, (p) => p.version === undefined || p.version >= version);
    await h.change(uri, [
      { range: { start: { line, character: 0 }, end: { line, character: lineLengths[line] } }, text: newText },
    ]);
    lineLengths[line] = newText.length;
    await diagnosed;
    h.published.length = 0; // the harness keeps every publish; only the server is measured
  }
  const afterEdits = await heap();
  const { documentRef, findingsRef, findingsWhileOpen } = weakRefsTo(h.context!.documents.get(uri)!);
  const cleared = h.diagnostics(uri, (p) => p.diagnostics.length === 0);
  await h.close(uri);
  await cleared;
  await h.stop();
  h.published.length = 0;
  const afterClose = await heap();
  return {
    textMiB,
    growthAfterEditsMiB: afterEdits - afterOpen,
    growthAfterCloseMiB: afterClose - before,
    documentReleased: documentRef.deref() === undefined,
    findingsReleased: findingsRef.deref() === undefined,
    findingsWhileOpen,
  };
}

if (process.env[CHILD]) {
  measure().then(
    (m) => process.stdout.write(JSON.stringify(m)),
    (err) => {
      process.stderr.write(String(err?.stack ?? err));
      process.exitCode = 1;
    },
  );
} else {
  test('an edited document keeps no old copies of its text, and a closed one is released with its findings', () => {
    const child = spawnSync(process.execPath, ['--expose-gc', __filename], {
      env: { ...process.env, [CHILD]: '1' },
      encoding: 'utf8',
      timeout: 55_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const m = JSON.parse(child.stdout) as Measured;
    assert.ok(m.findingsWhileOpen > 100, `the document has findings (${m.findingsWhileOpen})`);
    // Before the line store, each refresh kept the whole text of its version alive through its findings.
    assert.ok(
      m.growthAfterEditsMiB < m.textMiB / 2,
      `${EDITS} edits grew the heap by ${m.growthAfterEditsMiB.toFixed(1)} MiB (text: ${m.textMiB.toFixed(1)} MiB)`,
    );
    assert.ok(m.documentReleased, 'the closed document is collected');
    assert.ok(m.findingsReleased, "the closed document's findings are collected");
    assert.ok(
      m.growthAfterCloseMiB < m.textMiB / 2,
      `after the close the heap is ${m.growthAfterCloseMiB.toFixed(1)} MiB above the start (text: ${m.textMiB.toFixed(1)} MiB)`,
    );
  });
}
