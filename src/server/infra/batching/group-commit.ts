export type ItemResult<O> = { ok: true; value: O } | { ok: false; error: unknown };

export type GroupCommitOptions = {
  /** Largest batch handed to `flush`. */
  maxBatch: number;
  /** Flushes allowed in flight at once (2 overlaps one batch's database round trips with the next one's CPU). */
  maxConcurrent?: number;
  /**
   * While items keep arriving, wait up to this long after the first pending one for more before
   * flushing, so moderate load forms batches too (each flush has fixed costs: a transaction, a
   * bulk enqueue). Adaptive: waits at most `LINGER_GAPS` average inter-arrival gaps, so a busy
   * stream (where batches form by themselves while flushes are in flight) waits a few ms at
   * most and a steady trickle up to this bound; never after a quiet spell (the previous item
   * came longer ago than this), nor once `maxBatch` items are pending. Unset or 0: flush on
   * the next tick.
   */
  lingerMs?: number;
};

/** A linger lasts at most this many average inter-arrival gaps: long enough for a few more items. */
const LINGER_GAPS = 6;
/** Weight of the newest gap in that average. */
const GAP_WEIGHT = 0.2;

type Pending<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

/**
 * Group commit: callers add one item each and wait for its result; items that arrive while a
 * flush is in flight are written together by the next one. An idle system flushes a lone item
 * on the next tick, so batching adds no waiting at low load and grows the batches under load.
 * With `lingerMs`, a steady trickle is gathered for up to that long first.
 * `flush` returns one result per item, in order; if it throws, every item of that batch fails.
 */
export function createGroupCommit<I, O>(flush: (items: I[]) => Promise<ItemResult<O>[]>, options: GroupCommitOptions): (item: I) => Promise<O> {
  const maxConcurrent = options.maxConcurrent ?? 2;
  const lingerMs = options.lingerMs ?? 0;
  let pending: Pending<I, O>[] = [];
  let running = 0;
  let scheduled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastAdd = -Infinity;
  /** Starts at 0 so a stream must show itself steady before its linger grows. */
  let averageGapMs = 0;
  /** When the oldest pending item may be flushed (its arrival plus its linger). */
  let flushAt = 0;

  const settle = (batch: Pending<I, O>[], results: ItemResult<O>[] | undefined, error?: unknown) => {
    batch.forEach((p, i) => {
      const r = results?.[i];
      if (r?.ok) p.resolve(r.value);
      else p.reject(r ? r.error : (error ?? new Error("batch flush returned no result for this item")));
    });
  };

  const flushDue = () => pending.length >= options.maxBatch || performance.now() >= flushAt;

  /** Flush now, on the next tick, or when the oldest pending item's linger ends. */
  const schedule = () => {
    if (scheduled || running >= maxConcurrent || pending.length === 0) return;
    if (flushDue()) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      scheduled = true;
      setImmediate(drain);
    } else {
      timer ??= setTimeout(() => {
        timer = undefined;
        schedule();
      }, Math.max(1, Math.ceil(flushAt - performance.now())));
    }
  };

  const drain = () => {
    scheduled = false;
    // The first batch is due; what a full batch leaves behind has waited as long.
    while (running < maxConcurrent && pending.length > 0) {
      const batch = pending.slice(0, options.maxBatch);
      pending = pending.slice(batch.length);
      running += 1;
      Promise.resolve()
        .then(() => flush(batch.map((p) => p.item)))
        .then((results) => settle(batch, results), (error: unknown) => settle(batch, undefined, error))
        .finally(() => {
          running -= 1;
          schedule();
        });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      const now = performance.now();
      const gap = now - lastAdd;
      lastAdd = now;
      if (Number.isFinite(gap)) averageGapMs += GAP_WEIGHT * (Math.min(gap, lingerMs) - averageGapMs);
      if (pending.length === 0) flushAt = gap > lingerMs ? now : now + Math.min(lingerMs, LINGER_GAPS * averageGapMs);
      pending.push({ item, resolve, reject });
      schedule();
    });
}
