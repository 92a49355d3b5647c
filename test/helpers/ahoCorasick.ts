/**
 * Reference implementation for the property tests and the micro benchmark (not shipped): the
 * Wu–Manber search in server/src/core/scan/literalSearch.ts must find exactly what this finds.
 *
 * Aho–Corasick automaton over an ASCII alphabet: one pass finds every literal at once, on bytes (files)
 * or on UTF-16 strings (editor documents). Non-ASCII input maps to one "other" symbol, so literals must be
 * ASCII (checked in compile). A dense transition table keeps the inner loop to one load per character.
 */

const ALPHABET = 129; // 0..127 ASCII, 128 = any other code unit / byte
const OTHER = 128;

export interface Automaton {
  /** transitions[state * ALPHABET + symbol] = next state */
  readonly transitions: Int32Array;
  /** outputs of state s are outputList[outputStart[s] .. outputStart[s + 1]) (literal indices, failure links merged) */
  readonly outputStart: Int32Array;
  readonly outputList: Int32Array;
  readonly literalLengths: Int32Array;
}

import type { HitCallback } from '../../server/src/core/scan/literalSearch';

export type { HitCallback };

export function buildAutomaton(literals: readonly string[]): Automaton {
  for (const lit of literals) {
    if (lit.length === 0) throw new Error('empty literal');
    for (let i = 0; i < lit.length; i++) if (lit.charCodeAt(i) >= OTHER) throw new Error(`non-ASCII literal: ${lit}`);
  }
  // Trie
  const goto: Map<number, number>[] = [new Map()];
  const outs: number[][] = [[]];
  literals.forEach((lit, index) => {
    let s = 0;
    for (let i = 0; i < lit.length; i++) {
      const c = lit.charCodeAt(i);
      let next = goto[s].get(c);
      if (next === undefined) {
        next = goto.length;
        goto.push(new Map());
        outs.push([]);
        goto[s].set(c, next);
      }
      s = next;
    }
    outs[s].push(index);
  });
  const stateCount = goto.length;
  const transitions = new Int32Array(stateCount * ALPHABET);
  const fail = new Int32Array(stateCount);
  // BFS: dense transitions with failure links folded in.
  const queue: number[] = [];
  for (let c = 0; c < ALPHABET; c++) {
    const next = goto[0].get(c);
    if (next !== undefined) {
      transitions[c] = next;
      fail[next] = 0;
      queue.push(next);
    }
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi];
    outs[s].push(...outs[fail[s]]);
    for (let c = 0; c < ALPHABET; c++) {
      const next = goto[s].get(c);
      if (next !== undefined) {
        fail[next] = transitions[fail[s] * ALPHABET + c];
        transitions[s * ALPHABET + c] = next;
        queue.push(next);
      } else {
        transitions[s * ALPHABET + c] = transitions[fail[s] * ALPHABET + c];
      }
    }
  }
  const outputStart = new Int32Array(stateCount + 1);
  let total = 0;
  for (let s = 0; s < stateCount; s++) {
    outputStart[s] = total;
    total += outs[s].length;
  }
  outputStart[stateCount] = total;
  const outputList = new Int32Array(total);
  for (let s = 0; s < stateCount; s++) outputList.set(outs[s], outputStart[s]);
  return { transitions, outputStart, outputList, literalLengths: Int32Array.from(literals, (l) => l.length) };
}

/** Runs over bytes [from, to); returns the final state so a caller may continue. */
export function runOnBytes(
  a: Automaton,
  data: Uint8Array,
  from: number,
  to: number,
  onHit: HitCallback,
  state = 0,
): number {
  const { transitions, outputStart, outputList } = a;
  let s = state;
  for (let i = from; i < to; i++) {
    const b = data[i];
    s = transitions[s * ALPHABET + (b < OTHER ? b : OTHER)];
    const o = outputStart[s];
    const oe = outputStart[s + 1];
    if (o !== oe) for (let k = o; k < oe; k++) onHit(i + 1, outputList[k]);
  }
  return s;
}

/** Same as runOnBytes over UTF-16 code units. */
export function runOnString(
  a: Automaton,
  text: string,
  from: number,
  to: number,
  onHit: HitCallback,
  state = 0,
): number {
  const { transitions, outputStart, outputList } = a;
  let s = state;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    s = transitions[s * ALPHABET + (c < OTHER ? c : OTHER)];
    const o = outputStart[s];
    const oe = outputStart[s + 1];
    if (o !== oe) for (let k = o; k < oe; k++) onHit(i + 1, outputList[k]);
  }
  return s;
}
