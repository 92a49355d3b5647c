import { Worker } from 'worker_threads';
import type { KnowledgeEntry } from '../../../shared/knowledge';
import { scanFile, type FileScanResult } from './fileScanner';
import type { ScanOptions } from '../core/scan/matcher';
import { compilePatterns, type PatternSet } from '../core/scan/patterns';
import { describeFsError } from './walk';

/** The outcome for one file: its scan result, or the read error as a one-line message. */
export type FileOutcome = { result: FileScanResult } | { error: string };

/** Marks a worker started by scanFilesParallel (the bin entry checks it before running the CLI). */
export const SCAN_WORKER_FLAG = 'grpcDoctorScanWorker';

interface WorkerSetup {
  [SCAN_WORKER_FLAG]: true;
  entries: KnowledgeEntry[];
  options: ScanOptions;
  untrusted: string[];
}
interface Task {
  index: number;
  file: string;
}
interface Reply {
  index: number;
  outcome: FileOutcome;
}

export function scanOne(set: PatternSet, file: string, options: ScanOptions): FileOutcome {
  try {
    return { result: scanFile(set, file, options) };
  } catch (err) {
    return { error: describeFsError(err) };
  }
}

/**
 * Scans files on `jobs` worker threads (each compiles the patterns once, then takes the next file as it
 * finishes one), returning outcomes in the order of `files`, exactly as a sequential scan would.
 */
export async function scanFilesParallel(
  workerScript: string,
  files: readonly string[],
  entries: KnowledgeEntry[],
  options: ScanOptions,
  jobs: number,
  untrusted: string[] = [],
): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = new Array(files.length);
  let next = 0;
  const setup: WorkerSetup = { [SCAN_WORKER_FLAG]: true, entries, options, untrusted };
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerScript, { workerData: setup });
      const feed = (): void => {
        if (next >= files.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const task: Task = { index: next, file: files[next++] };
        worker.postMessage(task);
      };
      worker.on('message', (reply: Reply) => {
        outcomes[reply.index] = reply.outcome;
        feed();
      });
      worker.on('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, runWorker));
  return outcomes;
}

/** Body of a scan worker: compile once, then answer one task per message. */
export function runScanWorker(
  port: { on(event: 'message', cb: (t: Task) => void): void; postMessage(r: Reply): void },
  data: WorkerSetup,
): void {
  const set = compilePatterns(data.entries, [], new Set(data.untrusted));
  port.on('message', (task: Task) =>
    port.postMessage({ index: task.index, outcome: scanOne(set, task.file, data.options) }),
  );
}

export function isScanWorkerData(data: unknown): data is WorkerSetup {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[SCAN_WORKER_FLAG] === true;
}
