/**
 * When to wake a batch queue's idle workers after an in-process publish. Waking at once hands
 * a worker whatever is there, which at moderate load is one or two jobs, and every batch pays
 * fixed costs (fetch and complete round trips, the handler's transactions). So while jobs keep
 * arriving the wake-up lingers, at most `maxLingerMs` after the first job nobody has gone for,
 * and the worker fetches everything that came meanwhile. Never lingers when:
 * - a full batch is waiting (wake now);
 * - the queue was idle before this job (the previous one came more than `maxLingerMs` ago): a
 *   lone job after a quiet spell would wait for batch-mates that are not coming;
 * - the publish brought several jobs: a batch formed upstream (a group-committed webhook
 *   batch, a processed batch's replies); the next one is a whole upstream cycle away, so
 *   waiting for it would add latency for little;
 * - the expected wait for a full batch (from the recent arrival rate) is shorter: then that.
 * Jobs published while every worker is busy are picked up by the first worker that finishes
 * (`finished`), still within the bound. Jobs from other processes and retries coming due are
 * found by polling, as before.
 */
export interface WakeSchedulerOptions {
  batchSize: number;
  /** 0 wakes at once. */
  maxLingerMs: number;
  /** Wakes up to `count` idle workers; returns how many it woke. */
  wake: (count: number) => number;
  now?: () => number;
}

export interface WakeScheduler {
  /** `count` ready (undelayed, not deduplicated) jobs were just published. */
  published(count: number): void;
  /** A worker finished a batch of `fetched` jobs: true when it should fetch again at once. */
  finished(fetched: number): boolean;
  stop(): void;
}

/** Weight of the newest inter-arrival gap in the moving average. */
const GAP_WEIGHT = 0.2;

export function createWakeScheduler(options: WakeSchedulerOptions): WakeScheduler {
  const { batchSize, maxLingerMs, wake } = options;
  const now = options.now ?? (() => performance.now());
  let unclaimed = 0;
  let firstUnclaimedAt = 0;
  let lastArrival = -Infinity;
  let averageGapMs = maxLingerMs;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const clearTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const fire = () => {
    clearTimer();
    if (unclaimed === 0) return;
    // Each woken worker fetches up to a batch; with none idle, `finished` picks them up.
    if (wake(Math.ceil(unclaimed / batchSize)) > 0) unclaimed = 0;
  };

  /** Fire when the first unclaimed job has waited its linger; `lingerMs` is fixed at its arrival. */
  let lingerMs = 0;
  const schedule = () => {
    const remaining = firstUnclaimedAt + lingerMs - now();
    if (unclaimed >= batchSize || remaining <= 0) fire();
    else timer ??= setTimeout(fire, Math.ceil(remaining));
  };

  return {
    published(count) {
      if (count <= 0) return;
      const at = now();
      const gap = at - lastArrival;
      lastArrival = at;
      if (Number.isFinite(gap)) averageGapMs += GAP_WEIGHT * (Math.min(gap, maxLingerMs) - averageGapMs);
      if (unclaimed === 0) {
        firstUnclaimedAt = at;
        const idleBefore = gap > maxLingerMs;
        lingerMs = idleBefore || count > 1 ? 0 : Math.min(maxLingerMs, (batchSize - count) * averageGapMs);
      }
      unclaimed += count;
      schedule();
    },

    finished(fetched) {
      if (fetched >= batchSize) return true; // more may be waiting behind a full batch
      if (unclaimed > 0 && timer === undefined) schedule();
      return false;
    },

    stop: clearTimer,
  };
}
