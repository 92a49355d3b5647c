#!/usr/bin/env node
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { runCli } from './main';
import { isScanWorkerData, runScanWorker } from './parallel';

/** `grpc-doctor` entry point: wires process I/O to runCli. */
async function* readStdin(): AsyncIterable<Buffer> {
  for await (const chunk of process.stdin) yield chunk as Buffer;
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0); // `grpc-doctor scan … | head` is fine
});

if (!isMainThread && parentPort && isScanWorkerData(workerData)) runScanWorker(parentPort, workerData);
else main();

function main(): void {
  runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: readStdin,
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
    workerScript: __filename, // `scan --jobs N` runs this same file on worker threads
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`grpc-doctor: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
