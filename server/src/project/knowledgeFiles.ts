import * as fs from 'fs';
import * as path from 'path';
import type { KnowledgeEntry } from '../../../shared/knowledge';
import type { LoadedKnowledge, LoadProblem } from './knowledgeLoad';

export interface Knowledge {
  entries: KnowledgeEntry[];
  byId: Map<string, KnowledgeEntry>;
  problems: LoadProblem[];
  /** where the entries came from (a knowledge.json bundle or an entries directory) */
  origin: string;
}

export function indexKnowledge(entries: KnowledgeEntry[], problems: LoadProblem[], origin: string): Knowledge {
  return { entries, byId: new Map(entries.map((e) => [e.id, e])), problems, origin };
}

/** Repository root when running from tsc output (out/server/src/knowledge) or from the source tree. */
function repoKnowledgeDir(): string | undefined {
  for (const up of ['../../../..', '../../..']) {
    const dir = path.resolve(__dirname, up, 'knowledge');
    if (fs.existsSync(path.join(dir, 'schema.json')) && fs.existsSync(path.join(dir, 'entries'))) return dir;
  }
  return undefined;
}

let cached: Knowledge | undefined;

/**
 * The shipped knowledge: `knowledge.json` next to the bundle (validated at build time), else the
 * repository's knowledge/entries (tests, development), validated now.
 */
export function defaultKnowledge(): Knowledge {
  if (cached) return cached;
  const bundled = path.join(__dirname, 'knowledge.json');
  if (fs.existsSync(bundled)) {
    cached = indexKnowledge(JSON.parse(fs.readFileSync(bundled, 'utf8')) as KnowledgeEntry[], [], bundled);
    return cached;
  }
  const dir = repoKnowledgeDir();
  if (!dir) throw new Error(`knowledge not found: neither ${bundled} nor a knowledge/ directory`);
  const loaded = loadKnowledgeDir(path.join(dir, 'entries'), path.join(dir, 'schema.json'));
  cached = indexKnowledge(loaded.entries, loaded.problems, dir);
  return cached;
}

/** Entries from an extra directory (user knowledge, tests), validated against the schema shipped with the tool. */
export function loadExtraKnowledge(
  dir: string,
  schemaFile = schemaPath(),
): { entries: KnowledgeEntry[]; problems: LoadProblem[] } {
  return loadKnowledgeDir(dir, schemaFile);
}

/**
 * Validating entries needs ajv, loaded here on first use: the bundles read a knowledge.json validated at
 * build time, so the language server never loads it (its bundle leaves ajv out, see scripts/build.mjs).
 */
function loadKnowledgeDir(dir: string, schemaFile: string): LoadedKnowledge {
  return (require('./knowledgeLoad') as typeof import('./knowledgeLoad')).loadKnowledgeDir(dir, schemaFile);
}

export function schemaPath(): string {
  const bundled = path.join(__dirname, 'schema.json');
  if (fs.existsSync(bundled)) return bundled;
  const dir = repoKnowledgeDir();
  if (!dir) throw new Error('knowledge/schema.json not found');
  return path.join(dir, 'schema.json');
}
