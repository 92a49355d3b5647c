import { maskNonCode, matchBracket, nextLineStart, type EditLanguage, type Replacement } from './text';

/**
 * One insertion adding the imports the snippet needs and the file lacks; undefined when all are present.
 * `items` are module paths (Python modules, Go import paths, Java types, C# namespaces, C++ headers).
 */
export function ensureImports(text: string, language: EditLanguage, items: readonly string[]): Replacement | undefined {
  const r = ensureImportEdits(text, language, items);
  return Array.isArray(r) ? undefined : r;
}

/** Like ensureImports, but Go may need two insertions (standard library group, other group). */
export function ensureImportEdits(
  text: string,
  language: EditLanguage,
  items: readonly string[],
): Replacement | Replacement[] | undefined {
  const missing = [...new Set(items)].filter((item) => !hasImport(text, language, item));
  if (missing.length === 0) return undefined;
  const masked = maskNonCode(text, language);
  if (language === 'go') return goImports(text, masked, missing);
  const at = afterLastImport(text, masked, language);
  const lines = missing.map((item) => importLine(language, item)).join('\n') + '\n';
  const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  // a blank line separates a new import block from the code that follows
  const after = lastImportEnd(masked, language) < 0 && at < text.length && text.slice(at).trim() ? '\n' : '';
  return { start: at, end: at, newText: before + lines + after };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function hasImport(text: string, language: EditLanguage, item: string): boolean {
  const e = escape(item);
  switch (language) {
    case 'python':
      return new RegExp(`^[ \\t]*import\\s+(?:[\\w.]+\\s*,\\s*)*${e}\\s*(?:,|$|#|\\bas\\b)`, 'm').test(text);
    case 'go':
      return new RegExp(`^[ \\t]*(?:import\\s+)?(?:\\w+\\s+)?"${e}"`, 'm').test(text);
    case 'java': {
      const pkg = item.slice(0, item.lastIndexOf('.'));
      return new RegExp(`^[ \\t]*import\\s+(?:${e}|${escape(pkg)}\\.\\*)\\s*;`, 'm').test(text);
    }
    case 'csharp':
      return new RegExp(`^[ \\t]*(?:global\\s+)?using\\s+${e}\\s*;`, 'm').test(text);
    case 'cpp':
      return new RegExp(`^[ \\t]*#[ \\t]*include\\s*[<"]${e}[>"]`, 'm').test(text);
    case 'typescript':
    case 'javascript':
      return new RegExp(
        `^[ \\t]*(?:import\\s+\\*\\s+as\\s+${e}\\s+from|(?:const|let|var)\\s+${e}\\s*=\\s*require\\()`,
        'm',
      ).test(text);
  }
}

function importLine(language: EditLanguage, item: string): string {
  switch (language) {
    case 'python':
      return `import ${item}`;
    case 'java':
      return `import ${item};`;
    case 'csharp':
      return `using ${item};`;
    case 'cpp':
      return `#include <${item}>`;
    case 'typescript':
      return `import * as ${item} from '@grpc/grpc-js';`;
    case 'javascript':
      return `const ${item} = require('@grpc/grpc-js');`;
    case 'go':
      return `\t"${item}"`;
  }
}

const IMPORT_LINE: Record<Exclude<EditLanguage, 'go'>, RegExp> = {
  python: /^(?:import|from)\s+[\w.]+/gm,
  java: /^import\s+[\w.*]+\s*;/gm,
  csharp: /^(?:global\s+)?using\s+[\w.]+\s*;/gm,
  cpp: /^[ \t]*#[ \t]*include\b.*$/gm,
  typescript:
    /^import\b[^;]*?from\s*['"][^'"]+['"]\s*;?|^import\s*['"][^'"]+['"]\s*;?|^(?:const|let|var)\s+[^=]+=\s*require\([^)]*\)\s*;?/gm,
  javascript:
    /^import\b[^;]*?from\s*['"][^'"]+['"]\s*;?|^(?:const|let|var)\s+[^=\n]+=\s*require\([^)]*\)(?:\.\w+)*\s*;?/gm,
};

/** End offset of the last top-level import statement, or -1. */
function lastImportEnd(masked: string, language: EditLanguage): number {
  if (language === 'go') return -1;
  let end = -1;
  const re = new RegExp(IMPORT_LINE[language].source, 'gm');
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    let stop = m.index + m[0].length;
    if (language === 'python') {
      // `from x import (a,\n b)` spans lines
      const rest = /^[^\n]*/.exec(masked.slice(stop))![0];
      const paren = rest.indexOf('(');
      if (paren >= 0) stop = matchBracket(masked, stop + paren) + 1 || stop;
    }
    end = stop;
  }
  return end;
}

function afterLastImport(text: string, masked: string, language: EditLanguage): number {
  const end = lastImportEnd(masked, language);
  if (end >= 0) return nextLineStart(text, end);
  // no import yet: after a package/namespace line, else after leading comments, shebang and docstring
  if (language === 'java') {
    const pkg = /^package\s+[\w.]+\s*;/m.exec(masked);
    if (pkg) return nextLineStart(text, pkg.index);
  }
  if (language === 'cpp') {
    const guard = /^#pragma once.*$/m.exec(masked);
    if (guard) return nextLineStart(text, guard.index);
  }
  let at = 0;
  while (at < text.length) {
    const lineEnd = nextLineStart(text, at);
    const line = text.slice(at, lineEnd).trim();
    const codeLine = masked.slice(at, lineEnd).trim();
    const isLeadingNoise =
      line.startsWith('#!') ||
      (line !== '' && codeLine === '') ||
      (language === 'python' && /^['"]{3}/.test(line) && masked.slice(at, lineEnd).trim().length <= 6);
    if (!isLeadingNoise) break;
    at = lineEnd;
  }
  return at;
}

/** Adds to the `import ( … )` block, or turns single imports into one block after `package`. */
function goImports(text: string, masked: string, missing: string[]): Replacement | Replacement[] {
  const block = /^import\s*\(/m.exec(masked);
  const lines = missing.map((item) => `\t"${item}"`).join('\n') + '\n';
  if (block) {
    const close = matchBracket(masked, block.index + block[0].length - 1);
    const end = text.lastIndexOf('\n', close) + 1;
    // standard-library paths join the first group (gofmt keeps groups apart), others go last
    const std = missing.filter((p) => !p.split('/')[0].includes('.'));
    const other = missing.filter((p) => p.split('/')[0].includes('.'));
    const body = text.slice(block.index, end);
    const blank = body.indexOf('\n\n');
    const firstGroupEnd =
      blank >= 0 && /^[ \t]*(?:\w+[ \t]+)?"[^".\n]+(?:\/[^"\n]*)?"/m.test(body.slice(0, blank))
        ? block.index + blank + 1
        : end;
    const render = (items: string[]) => items.map((item) => `\t"${item}"`).join('\n') + '\n';
    if (std.length && other.length && firstGroupEnd !== end) {
      return [
        { start: firstGroupEnd, end: firstGroupEnd, newText: render(std) },
        { start: end, end, newText: render(other) },
      ];
    }
    return {
      start: std.length && !other.length ? firstGroupEnd : end,
      end: std.length && !other.length ? firstGroupEnd : end,
      newText: lines,
    };
  }
  const single = /^import\s+(?:\w+\s+)?"[^"]*"[^\n]*\n?/m.exec(text);
  if (single)
    return {
      start: single.index + single[0].length,
      end: single.index + single[0].length,
      newText: `import (\n${lines})\n`,
    };
  const pkg = /^package\s+\w+[^\n]*\n?/m.exec(masked);
  const at = pkg ? pkg.index + pkg[0].length : 0;
  return { start: at, end: at, newText: `\nimport (\n${lines})\n` };
}

/** Standard-library modules our Python edits import (and the ones a file usually has), for isort's grouping. */
const PYTHON_STDLIB = new Set([
  '__future__',
  'abc',
  'argparse',
  'asyncio',
  'collections',
  'concurrent',
  'contextlib',
  'dataclasses',
  'datetime',
  'enum',
  'functools',
  'io',
  'itertools',
  'json',
  'logging',
  'math',
  'os',
  'pathlib',
  'queue',
  're',
  'random',
  'signal',
  'socket',
  'subprocess',
  'sys',
  'threading',
  'time',
  'typing',
  'uuid',
]);

/**
 * Standard-library imports go where isort puts them: into the standard-library group (after `from __future__`),
 * plain `import x` lines sorted before the group's `from x import` lines; a file without such a group gets one
 * above its first import, followed by a blank line. undefined: not all items are standard library, or no imports.
 */
export function pythonStdlibImport(text: string, items: readonly string[]): Replacement | undefined {
  const missing = [...new Set(items)].filter((item) => !hasImport(text, 'python', item));
  if (!missing.length) return undefined;
  return pythonStdlibImports(text, maskNonCode(text, 'python'), missing) ?? ensureImports(text, 'python', missing);
}

function pythonStdlibImports(text: string, masked: string, missing: string[]): Replacement | undefined {
  if (!missing.every((m) => PYTHON_STDLIB.has(m.split('.')[0]))) return undefined;
  const lines = [...masked.matchAll(/^(import|from)\s+([\w.]+)/gm)].map((m) => ({
    at: m.index,
    kind: m[1],
    module: m[2],
  }));
  const imports = lines.filter((l) => l.module !== '__future__');
  if (!imports.length) return undefined;
  const sorted = [...missing].sort();
  const block = sorted.map((m) => `import ${m}`).join('\n') + '\n';
  const std = imports.filter((l) => PYTHON_STDLIB.has(l.module.split('.')[0]));
  if (!std.length) return { start: imports[0].at, end: imports[0].at, newText: `${block}\n` };
  const before = std.find((l) => l.kind === 'from' || l.module.localeCompare(sorted[0]) > 0);
  if (before) return { start: before.at, end: before.at, newText: block };
  const last = std[std.length - 1];
  const at = nextLineStart(text, last.at);
  return { start: at, end: at, newText: block };
}
