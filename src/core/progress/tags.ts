// The tags: the one list. A note may carry any of them; a check in lab.yaml may name a mistake tag
// (`mistake:`), which a failing attempt records in the lab's automatic mistake log (mistakes.ts).
import { closest } from '../labs/suggest';

export interface TagInfo {
  tag: string;
  kind: 'mistake' | 'general';
  meaning: string;
}

export const TAGS: readonly TagInfo[] = [
  { tag: 'missing-dedup', kind: 'mistake', meaning: 'a retried or redelivered message was processed twice: no idempotency key or durable dedup check' },
  { tag: 'published-before-commit', kind: 'mistake', meaning: 'an event or message went out before the state change it announces was committed' },
  { tag: 'retry-without-backoff', kind: 'mistake', meaning: 'failures were retried immediately, multiplying load on a struggling dependency' },
  { tag: 'no-backoff-jitter', kind: 'mistake', meaning: 'backoff without jitter: clients retried in lockstep and hit the dependency in waves' },
  { tag: 'retried-permanent-error', kind: 'mistake', meaning: 'an error that can never succeed (4xx, invalid input) was retried anyway' },
  { tag: 'timeout-treated-as-failure', kind: 'mistake', meaning: 'a timeout was taken to mean "not done", though the other side may have completed the work' },
  { tag: 'no-circuit-breaker', kind: 'mistake', meaning: 'calls kept flowing to a dependency that was clearly down, instead of failing fast' },
  { tag: 'no-dead-letter-queue', kind: 'mistake', meaning: 'messages that kept failing had nowhere to go, so they blocked or vanished' },
  { tag: 'unbounded-redelivery', kind: 'mistake', meaning: 'a message could be redelivered forever: no attempt limit or maximum age' },
  { tag: 'hot-partition', kind: 'mistake', meaning: 'one key or partition took most of the load while the others idled' },
  { tag: 'unbounded-retries', kind: 'mistake', meaning: 'a failing call was retried with no cap on attempts or total time, so one failure could cost calls without end' },
  { tag: 'dual-write', kind: 'mistake', meaning: 'one request wrote to two systems (a database and a broker) with no shared transaction, so a failure between the writes left them disagreeing' },
  { tag: 'command-disguised-as-event', kind: 'mistake', meaning: 'a message named as an event (something that happened) really told one consumer what to do, coupling the publisher to it' },
  { tag: 'ack-before-persist', kind: 'mistake', meaning: 'success was acknowledged (or work marked done) before it was durably stored, so a crash in between lost work the caller believed done' },
  { tag: 'work-in-request-path', kind: 'mistake', meaning: 'slow work was done before answering, so a slow dependency made callers wait, time out and send again' },
  { tag: 'head-of-line-blocking', kind: 'mistake', meaning: 'one failing or slow message held up the messages queued behind it' },
  { tag: 'connection-storm', kind: 'mistake', meaning: 'each instance sized its own connection pool, so together they opened more connections than the database allows' },
  { tag: 'no-queue-timeout', kind: 'mistake', meaning: 'requests waited for a connection or a slot with no time limit, so work piled up for callers who had already given up' },
  { tag: 'no-load-shedding', kind: 'mistake', meaning: 'under overload, requests queued or timed out instead of being refused at once (a 503 with Retry-After)' },
  { tag: 'cache-stampede', kind: 'mistake', meaning: 'when a hot key went missing, every reader loaded it from the database at once instead of one (no single-flight)' },
  { tag: 'no-ttl-jitter', kind: 'mistake', meaning: 'cache entries written together got the same TTL, so they expired together and were reloaded in one burst' },
  { tag: 'no-negative-caching', kind: 'mistake', meaning: 'lookups of keys that do not exist were never cached, so each one reached the database' },
  { tag: 'cache-as-hard-dependency', kind: 'mistake', meaning: 'a cache that was down or slow failed requests, instead of being bypassed for the source of truth' },
  { tag: 'overlong-cache-ttl', kind: 'mistake', meaning: 'a cached answer (often a cached "not found") outlived the freshness the product promises' },
  { tag: 'no-replay-window', kind: 'mistake', meaning: 'a signed request was accepted however old it was, so a captured request could be replayed' },
  { tag: 'lost-update', kind: 'mistake', meaning: 'two writers read the same value and each wrote back its own change, so the later write silently undid the earlier one (no lock, no compare-and-set)' },
  { tag: 'lock-too-coarse', kind: 'mistake', meaning: 'one lock guarded work that only had to be exclusive per key (or was held longer than the conflict), so adding workers added nothing' },
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

/** Undefined when `tag` is a mistake tag; otherwise why not, a suggestion and the mistake tags (for lab.yaml's `mistake:`). */
export function mistakeTagProblem(tag: string): { message: string; hint: string } | undefined {
  if (isMistakeTag(tag)) return undefined;
  const mistakes = TAGS.filter((t) => t.kind === 'mistake').map((t) => t.tag);
  const guess = closest(tag, mistakes);
  const message = TAG_NAMES.includes(tag) ? `"${tag}" is a general tag, not a mistake tag` : `unknown mistake tag "${tag}"`;
  return { message, hint: `${guess ? `Did you mean "${guess}"? ` : ''}Mistake tags (src/core/progress/tags.ts): ${mistakes.join(', ')}.` };
}

export function tagMeaning(tag: string): string | undefined {
  return TAGS.find((t) => t.tag === tag)?.meaning;
}
