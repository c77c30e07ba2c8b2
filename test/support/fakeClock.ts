// A Clock (checker/timeline.ts) that runs `factor` times faster than the wall clock: a timeline step at 1 s
// happens 1000/factor ms after load start, and a check's evaluation time 2 s ahead costs 2000/factor ms.
import type { Clock } from '../../src/core/checker/timeline';
import { sleep } from '../../src/core/runtime/timeout';

export function fastClock(factor: number): Clock {
  const t0 = Date.now();
  return {
    now: () => t0 + (Date.now() - t0) * factor,
    sleep: (ms, signal) => sleep(ms / factor, signal, 'waiting on the fast clock'),
  };
}
