import * as fs from 'fs';

/** Logs larger than this are not read for a report in the editor (the CLI has no such limit). */
export const MAX_REPORT_LOG_BYTES = 256 * 1024 * 1024;

/** Reads a log named by the user for a report; throws with a message that names the problem. */
export function readLogFile(file: string, maxBytes = MAX_REPORT_LOG_BYTES): { data: Buffer; mtimeMs: number } {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new Error('not a file');
  if (stat.size > maxBytes)
    throw new Error(`larger than ${Math.round(maxBytes / 1024 / 1024)} MiB: use grpc-doctor report`);
  return { data: fs.readFileSync(file), mtimeMs: stat.mtimeMs };
}
