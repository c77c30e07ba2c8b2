// The hidden incident: which of the lab's faults replay, when and for how long, chosen by a seed. The same
// seed and fault pool give the same scenario on every machine (a reviewer can replay a candidate's).
import { randomBytes } from 'node:crypto';
import type { Episode, HiddenScenario } from './types';

/** One replay of the episodes; they repeat until the time is up. */
export const CYCLE_SECONDS = 180;
/** At most this many faults take part; each gets a slot of the cycle. */
export const MAX_EPISODES = 3;

/** A fresh seed: 8 hex digits. */
export function newSeed(): string {
  return randomBytes(4).toString('hex');
}

/** A deterministic generator of numbers in [0, 1) from a seed string (FNV-1a into mulberry32). */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The pool's faults in a seeded order, cut to MAX_EPISODES, each in its own slot of the cycle. */
export function hiddenScenario(pool: readonly string[], seed: string): HiddenScenario {
  if (!pool.length) throw new Error('the hidden incident needs at least one fault in its pool');
  const rand = seededRandom(`scenario:${seed}`);
  const chosen = shuffle(pool, rand).slice(0, MAX_EPISODES);
  const slot = CYCLE_SECONDS / chosen.length;
  const episodes: Episode[] = chosen.map((fault, i) => {
    const atSeconds = Math.round(i * slot + 10 + rand() * 15);
    const forSeconds = Math.min(Math.round(25 + rand() * 25), Math.floor((i + 1) * slot - atSeconds - 5));
    return { fault, atSeconds, forSeconds };
  });
  return { seed, cycleSeconds: CYCLE_SECONDS, episodes };
}

/** One episode as it happens: absolute times in ms. */
export interface Occurrence {
  fault: string;
  injectAt: number;
  revertAt: number;
}

/** Every occurrence that starts in [startMs, untilMs), in time order (a last one may end after untilMs). */
export function occurrences(scenario: HiddenScenario, startMs: number, untilMs: number): Occurrence[] {
  const out: Occurrence[] = [];
  for (let cycle = 0; startMs + cycle * scenario.cycleSeconds * 1000 < untilMs; cycle++) {
    const base = startMs + cycle * scenario.cycleSeconds * 1000;
    for (const e of scenario.episodes) {
      const injectAt = base + e.atSeconds * 1000;
      if (injectAt < untilMs) out.push({ fault: e.fault, injectAt, revertAt: injectAt + e.forSeconds * 1000 });
    }
  }
  return out.sort((a, b) => a.injectAt - b.injectAt);
}

/** A seeded pick (`assess start --random`): the same seed picks the same lab from the same list. */
export function pickBySeed<T>(items: readonly T[], seed: string): T {
  if (!items.length) throw new Error('nothing to pick from');
  return items[Math.floor(seededRandom(`pick:${seed}`)() * items.length)];
}

/** Fisher-Yates with a seeded generator: a new array. */
function shuffle<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The root causes in the order this assessment offers them: seeded, so the known one is not always first. */
export function offeredOrder<T>(items: readonly T[], seed: string): T[] {
  return shuffle(items, seededRandom(`offer:${seed}`));
}
