export type ItemResult<O> = { ok: true; value: O } | { ok: false; error: unknown };

export type GroupCommitOptions = {
  /** Largest batch handed to `flush`. */
  maxBatch: number;
  /** Flushes allowed in flight at once (2 overlaps one batch's database round trips with the next one's CPU). */
  maxConcurrent?: number;
};

type Pending<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

/**
 * Group commit: callers add one item each and wait for its result; items that arrive while a
 * flush is in flight are written together by the next one. An idle system flushes a lone item
 * on the next tick, so batching adds no waiting at low load and grows the batches under load.
 * `flush` returns one result per item, in order; if it throws, every item of that batch fails.
 */
export function createGroupCommit<I, O>(flush: (items: I[]) => Promise<ItemResult<O>[]>, options: GroupCommitOptions): (item: I) => Promise<O> {
  const maxConcurrent = options.maxConcurrent ?? 2;
  let pending: Pending<I, O>[] = [];
  let running = 0;
  let scheduled = false;

  const settle = (batch: Pending<I, O>[], results: ItemResult<O>[] | undefined, error?: unknown) => {
    batch.forEach((p, i) => {
      const r = results?.[i];
      if (r?.ok) p.resolve(r.value);
      else p.reject(r ? r.error : (error ?? new Error("batch flush returned no result for this item")));
    });
  };

  const drain = () => {
    scheduled = false;
    while (running < maxConcurrent && pending.length > 0) {
      const batch = pending.slice(0, options.maxBatch);
      pending = pending.slice(batch.length);
      running += 1;
      Promise.resolve()
        .then(() => flush(batch.map((p) => p.item)))
        .then((results) => settle(batch, results), (error: unknown) => settle(batch, undefined, error))
        .finally(() => {
          running -= 1;
          drain();
        });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (!scheduled && running < maxConcurrent) {
        scheduled = true;
        setImmediate(drain);
      }
    });
}
