import { cpp } from './languages/cpp';
import { csharp } from './languages/csharp';
import { go } from './languages/go';
import { java } from './languages/java';
import { nodeSupport } from './languages/node';
import { python } from './languages/python';
import { indentUnit, maskNonCode, type EditLanguage } from './text';
import type { EditInput, LanguageSupport } from './types';

const SUPPORT: Record<EditLanguage, LanguageSupport> = {
  python,
  go,
  typescript: nodeSupport('typescript'),
  javascript: nodeSupport('javascript'),
  java,
  csharp,
  cpp,
};

const BY_LANGUAGE_ID: Record<string, EditLanguage> = {
  python: 'python', go: 'go', typescript: 'typescript', typescriptreact: 'typescript', javascript: 'javascript',
  javascriptreact: 'javascript', java: 'java', csharp: 'csharp', cpp: 'cpp', c: 'cpp', 'objective-cpp': 'cpp',
};

const BY_EXTENSION: Record<string, EditLanguage> = {
  py: 'python', pyi: 'python', go: 'go', ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescript',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', java: 'java', cs: 'csharp',
  cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', h: 'cpp',
};

/** The edit language of a document, from its languageId, else from its file extension. */
export function editLanguageOf(languageId: string, uri: string): EditLanguage | undefined {
  return BY_LANGUAGE_ID[languageId] ?? BY_EXTENSION[/\.(\w+)$/.exec(uri)?.[1]?.toLowerCase() ?? ''];
}

export function languageSupport(language: EditLanguage): LanguageSupport {
  return SUPPORT[language];
}

export function editInput(text: string, language: EditLanguage): EditInput {
  return { text, masked: maskNonCode(text, language), unit: indentUnit(text, language) };
}

export type { EditLanguage } from './text';
export type { LanguageSupport, Site } from './types';
