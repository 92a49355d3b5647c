/**
 * The one way the project layer reads workspace files (issue 18). A hostile repository may hold FIFOs,
 * device files, symlinks out of the folder, huge files and deep trees; each read here is
 *   - confined: the real path (symlinks resolved) must lie inside one of the allowed roots;
 *   - a regular file: opened non-blocking without following a last symlink, then checked with fstat, so a
 *     FIFO or a device never blocks or streams;
 *   - capped in size, and (async reads) in time;
 *   - reported by file name and reason only: an error never carries the file's contents.
 * Walks visit a bounded number of entries (directories as well as files) and never follow symlinks.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Sizes the project layer accepts: a .proto or a dependency file beyond these is not hand-written. */
export const MAX_PROTO_BYTES = 1024 * 1024;
export const MAX_DEPENDENCY_FILE_BYTES = 1024 * 1024;
/** Time one async read may take before it is given up (a stalled network mount). */
export const READ_TIMEOUT_MS = 2000;

export class WorkspaceReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface ReadOptions {
  /** real paths of the folders reads are confined to; undefined = any place (files the CLI user named) */
  roots?: readonly string[];
  maxBytes: number;
  /** async reads only */
  timeoutMs?: number;
}

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/** Whether a real path lies inside one of the roots (themselves real paths). */
export function insideRoots(real: string, roots: readonly string[]): boolean {
  return roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** A short reason for a file-system error (the code's meaning, never data). */
export function fsReason(err: unknown): string {
  if (err instanceof WorkspaceReadError) return err.reason;
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENXIO':
    case 'ENODEV':
      return 'not a regular file';
    default:
      return e?.code ? `cannot be read (${e.code})` : 'cannot be read';
  }
}

function checkStat(file: string, stat: fs.Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new WorkspaceReadError(file, 'not a regular file');
  if (stat.size > maxBytes) throw new WorkspaceReadError(file, `larger than ${maxBytes} bytes`);
}

function checkRoots(file: string, real: string, roots: readonly string[] | undefined): void {
  if (roots && !insideRoots(real, roots)) throw new WorkspaceReadError(file, 'outside the workspace folder');
}

/** Reads a workspace file as UTF-8 under the rules above; throws WorkspaceReadError. */
export function readWorkspaceFileSync(file: string, options: ReadOptions): string {
  let fd: number | undefined;
  try {
    const real = fs.realpathSync(file);
    checkRoots(file, real, options.roots);
    fd = fs.openSync(real, OPEN_FLAGS);
    checkStat(file, fs.fstatSync(fd), options.maxBytes);
    const buf = Buffer.allocUnsafe(options.maxBytes + 1);
    let n = 0;
    for (let r; n <= options.maxBytes && (r = fs.readSync(fd, buf, n, buf.length - n, null)) > 0;) n += r;
    if (n > options.maxBytes) throw new WorkspaceReadError(file, `larger than ${options.maxBytes} bytes`);
    return buf.toString('utf8', 0, n);
  } catch (err) {
    throw err instanceof WorkspaceReadError ? err : new WorkspaceReadError(file, fsReason(err));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The async form (the language server): also gives up after `timeoutMs`. */
export async function readWorkspaceFile(file: string, options: ReadOptions): Promise<string> {
  return withTimeout(file, options.timeoutMs ?? READ_TIMEOUT_MS, async () => {
    let handle: fs.promises.FileHandle | undefined;
    try {
      const real = await fs.promises.realpath(file);
      checkRoots(file, real, options.roots);
      handle = await fs.promises.open(real, OPEN_FLAGS);
      checkStat(file, await handle.stat(), options.maxBytes);
      const buf = Buffer.allocUnsafe(options.maxBytes + 1);
      let n = 0;
      for (let r; n <= options.maxBytes && (r = (await handle.read(buf, n, buf.length - n, null)).bytesRead) > 0;)
        n += r;
      if (n > options.maxBytes) throw new WorkspaceReadError(file, `larger than ${options.maxBytes} bytes`);
      return buf.toString('utf8', 0, n);
    } catch (err) {
      throw err instanceof WorkspaceReadError ? err : new WorkspaceReadError(file, fsReason(err));
    } finally {
      await handle?.close().catch(() => undefined);
    }
  });
}

function withTimeout<T>(file: string, ms: number, run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new WorkspaceReadError(file, `no answer within ${ms} ms`)), ms);
    run()
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
}

export interface WalkOptions {
  /** which file names to collect */
  match: (name: string) => boolean;
  /** directory names never entered */
  skipDirs: ReadonlySet<string>;
  maxFiles: number;
  /** entries looked at in all (directories and files): a huge tree costs at most this many */
  maxEntries: number;
  maxDepth: number;
  /** the whole walk gives up (keeping what it found) after this long */
  timeoutMs: number;
}

export interface WalkResult {
  files: string[];
  truncated: boolean;
}

/**
 * Regular files under `root` whose name matches, sorted; symlinks (to files or directories) are never
 * followed, hidden and skipped directories are not entered, and the walk stops at its limits.
 */
export async function walkWorkspace(root: string, options: WalkOptions): Promise<WalkResult> {
  const files: string[] = [];
  let entries = 0;
  let truncated = false;
  const deadline = Date.now() + options.timeoutMs;
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length) {
    const { dir, depth } = queue.shift()!;
    if (Date.now() > deadline) {
      truncated = true;
      break;
    }
    let list: fs.Dirent[];
    try {
      list = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable directory: nothing from it
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of list) {
      if (++entries > options.maxEntries || files.length >= options.maxFiles) {
        truncated = true;
        break;
      }
      if (entry.isDirectory()) {
        if (depth < options.maxDepth && !options.skipDirs.has(entry.name) && !entry.name.startsWith('.'))
          queue.push({ dir: path.join(dir, entry.name), depth: depth + 1 });
      } else if (entry.isFile() && options.match(entry.name)) {
        files.push(path.join(dir, entry.name));
      }
    }
    if (truncated) break;
  }
  return { files: files.sort(), truncated };
}
