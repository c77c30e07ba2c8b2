// The tags a note may carry. Mistake tags name a design mistake; notes with one form the mistake log.
import { closest } from '../labs/suggest';

export interface TagInfo {
  tag: string;
  kind: 'mistake' | 'general';
  meaning: string;
}

export const TAGS: readonly TagInfo[] = [
  { tag: 'missing-dedup', kind: 'mistake', meaning: 'a retried or redelivered message was processed twice: no idempotency key or dedup check' },
  { tag: 'published-before-commit', kind: 'mistake', meaning: 'an event or message went out before the state change it announces was committed' },
  { tag: 'retry-without-backoff', kind: 'mistake', meaning: 'failures were retried immediately, multiplying load on a struggling dependency' },
  { tag: 'no-backoff-jitter', kind: 'mistake', meaning: 'backoff without jitter: clients retried in lockstep and hit the dependency in waves' },
  { tag: 'retried-permanent-error', kind: 'mistake', meaning: 'an error that can never succeed (4xx, invalid input) was retried anyway' },
  { tag: 'timeout-treated-as-failure', kind: 'mistake', meaning: 'a timeout was taken to mean "not done", though the other side may have completed the work' },
  { tag: 'no-circuit-breaker', kind: 'mistake', meaning: 'calls kept flowing to a dependency that was clearly down, instead of failing fast' },
  { tag: 'no-dead-letter-queue', kind: 'mistake', meaning: 'messages that kept failing had nowhere to go, so they blocked or vanished' },
  { tag: 'unbounded-redelivery', kind: 'mistake', meaning: 'a message could be redelivered forever: no attempt limit or maximum age' },
  { tag: 'hot-partition', kind: 'mistake', meaning: 'one key or partition took most of the load while the others idled' },
  { tag: 'observation', kind: 'general', meaning: 'something seen on a panel or in the logs worth remembering' },
  { tag: 'question', kind: 'general', meaning: 'something to find out or come back to' },
];

export const TAG_NAMES: readonly string[] = TAGS.map((t) => t.tag);

export function isMistakeTag(tag: string): boolean {
  return TAGS.some((t) => t.tag === tag && t.kind === 'mistake');
}

/** Undefined when every tag is known; otherwise what is wrong with the first unknown one, a suggestion and the list. */
export function tagProblem(tags: readonly string[]): string | undefined {
  const unknown = tags.find((t) => !TAG_NAMES.includes(t));
  if (unknown === undefined) return undefined;
  const guess = closest(unknown, TAG_NAMES);
  const width = Math.max(...TAG_NAMES.map((t) => t.length));
  const list = TAGS.map((t) => `  ${t.tag.padEnd(width)}  ${t.meaning}`).join('\n');
  return `unknown tag "${unknown}".${guess ? ` Did you mean "${guess}"?` : ''} Tags:\n${list}`;
}
