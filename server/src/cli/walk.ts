import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceReadError } from '../project/safeRead';

export interface WalkError {
  file: string;
  message: string;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Expands paths into files: directories recursively (skipping node_modules and VCS folders, following
 * no directory twice, so symlink loops end), files as given. Unreadable entries become errors. A named
 * path that is neither a directory nor a regular file (FIFO, `<(cmd)`, /dev/stdin) is a stream to read;
 * inside a directory walk such entries are skipped.
 */
export function expandPaths(paths: readonly string[]): { files: string[]; streams: string[]; errors: WalkError[] } {
  const files: string[] = [];
  const streams: string[] = [];
  const errors: WalkError[] = [];
  const seenDirs = new Set<string>();
  const visit = (p: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      if (explicit || (err as NodeJS.ErrnoException).code !== 'ENOENT')
        errors.push({ file: p, message: describeFsError(err) });
      return;
    }
    if (stat.isDirectory()) {
      let real: string;
      try {
        real = fs.realpathSync(p);
      } catch (err) {
        errors.push({ file: p, message: describeFsError(err) });
        return;
      }
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      let names: string[];
      try {
        names = fs.readdirSync(p).sort();
      } catch (err) {
        errors.push({ file: p, message: describeFsError(err) });
        return;
      }
      for (const name of names) {
        if (SKIP_DIRS.has(name)) continue;
        visit(path.join(p, name), false);
      }
    } else if (stat.isFile()) {
      files.push(p);
    } else if (explicit) {
      streams.push(p);
    }
  };
  for (const p of paths) visit(p, true);
  return { files, streams, errors };
}

export function describeFsError(err: unknown): string {
  if (err instanceof WorkspaceReadError) return err.reason;
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e.message ?? String(err);
  }
}
