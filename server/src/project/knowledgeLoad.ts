import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import type { KnowledgeEntry } from '../../../shared/knowledge';

export interface LoadProblem {
  file: string;
  message: string;
}
export interface LoadedKnowledge {
  entries: KnowledgeEntry[];
  problems: LoadProblem[];
}

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

let cachedValidator: Validator | undefined;

/** Compiles the entry schema once per process. */
export function entryValidator(schema: object): Validator {
  if (!cachedValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    cachedValidator = ajv.compile(schema) as Validator;
  }
  return cachedValidator;
}

function describeErrors(v: Validator): string {
  return (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim())
    .join('; ');
}

/**
 * Validates raw entries: a bad entry is reported and skipped, the rest load (a KB with one broken file
 * still works). Also rejects duplicate ids.
 */
export function validateEntries(raw: { file: string; data: unknown }[], schema: object): LoadedKnowledge {
  const validate = entryValidator(schema);
  const entries: KnowledgeEntry[] = [];
  const problems: LoadProblem[] = [];
  const seen = new Set<string>();
  for (const { file, data } of raw) {
    if (!validate(data)) {
      problems.push({ file, message: `does not match knowledge/schema.json: ${describeErrors(validate)}` });
      continue;
    }
    const entry = data as KnowledgeEntry;
    if (seen.has(entry.id)) {
      problems.push({ file, message: `duplicate id ${entry.id}` });
      continue;
    }
    seen.add(entry.id);
    entries.push(entry);
  }
  entries.sort((a, b) => a.id.localeCompare(b.id));
  return { entries, problems };
}

/** Reads knowledge/entries/*.json (development, tests, the build step). */
export function loadKnowledgeDir(entriesDir: string, schemaFile: string): LoadedKnowledge {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object;
  const raw: { file: string; data: unknown }[] = [];
  const problems: LoadProblem[] = [];
  for (const name of fs
    .readdirSync(entriesDir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = path.join(entriesDir, name);
    try {
      raw.push({ file, data: JSON.parse(fs.readFileSync(file, 'utf8')) });
    } catch (err) {
      problems.push({ file, message: `invalid JSON: ${(err as Error).message}` });
    }
  }
  const result = validateEntries(raw, schema);
  return { entries: result.entries, problems: [...problems, ...result.problems] };
}
