import type { Range } from 'vscode-languageserver';

/** Whether two ranges share a position (touching ends count: a cursor at a range's edge is in it). */
export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
