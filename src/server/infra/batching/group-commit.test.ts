import { describe, expect, it } from "vitest";
import { createGroupCommit, type ItemResult } from "./group-commit";

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Enough event-loop turns for settled flushes to start the next ones. */
const settle = async (turns = 5) => {
  for (let i = 0; i < turns; i += 1) await nextTick();
};

type Deferred = { resolve: () => void; reject: (error: unknown) => void };

/**
 * A flush that records each batch and waits until the test releases it; the results echo the
 * items doubled, unless `answer` says otherwise.
 */
function controlledFlush(answer: (items: number[]) => ItemResult<number>[] = (items) => items.map((i) => ({ ok: true, value: i * 2 }))) {
  const batches: number[][] = [];
  const pending: Deferred[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const flush = (items: number[]) =>
    new Promise<ItemResult<number>[]>((resolve, reject) => {
      batches.push(items);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push({
        resolve: () => {
          inFlight -= 1;
          resolve(answer(items));
        },
        reject: (error) => {
          inFlight -= 1;
          reject(error);
        },
      });
    });
  return {
    flush,
    batches,
    get maxInFlight() {
      return maxInFlight;
    },
    /** Releases the oldest flush still waiting. */
    releaseNext: () => pending.shift()!.resolve(),
    failNext: (error: unknown) => pending.shift()!.reject(error),
    get waiting() {
      return pending.length;
    },
  };
}

describe("createGroupCommit", () => {
  it("flushes a lone item on the next tick, not synchronously", async () => {
    const c = controlledFlush();
    const add = createGroupCommit(c.flush, { maxBatch: 10 });
    const result = add(21);
    expect(c.batches).toEqual([]);
    await nextTick();
    expect(c.batches).toEqual([[21]]);
    c.releaseNext();
    await expect(result).resolves.toBe(42);
  });

  it("puts items added while a flush is in flight into the next flush, together", async () => {
    const c = controlledFlush();
    const add = createGroupCommit(c.flush, { maxBatch: 10, maxConcurrent: 1 });
    const first = add(1);
    await nextTick();
    expect(c.batches).toEqual([[1]]);

    const later = [add(2), add(3)];
    await nextTick();
    later.push(add(4)); // a later tick, still while the first flush is in flight
    await settle();
    expect(c.batches).toEqual([[1]]);

    c.releaseNext();
    await expect(first).resolves.toBe(2);
    await settle();
    expect(c.batches.map((b) => b.length)).toEqual([1, 3]);
    expect(c.batches[1]).toEqual([2, 3, 4]);
    c.releaseNext();
    await expect(Promise.all(later)).resolves.toEqual([4, 6, 8]);
  });

  it("splits what is pending into batches of at most maxBatch, in arrival order", async () => {
    const c = controlledFlush();
    const add = createGroupCommit(c.flush, { maxBatch: 2, maxConcurrent: 1 });
    const results = [1, 2, 3, 4, 5].map(add);
    await settle();
    expect(c.batches).toEqual([[1, 2]]);
    while (c.waiting > 0) {
      c.releaseNext();
      await settle();
    }
    expect(c.batches).toEqual([[1, 2], [3, 4], [5]]);
    await expect(Promise.all(results)).resolves.toEqual([2, 4, 6, 8, 10]);
  });

  it("never runs more than maxConcurrent flushes at once", async () => {
    const c = controlledFlush();
    const add = createGroupCommit(c.flush, { maxBatch: 1, maxConcurrent: 2 });
    const results: Array<Promise<number>> = [];
    for (let i = 0; i < 6; i += 1) {
      results.push(add(i));
      await nextTick();
    }
    expect(c.waiting).toBe(2);
    expect(c.batches).toEqual([[0], [1]]);
    while (c.waiting > 0) {
      c.releaseNext();
      await settle();
    }
    expect(c.maxInFlight).toBe(2);
    expect(c.batches).toEqual([[0], [1], [2], [3], [4], [5]]);
    await expect(Promise.all(results)).resolves.toEqual([0, 2, 4, 6, 8, 10]);
  });

  it("defaults to two flushes in flight", async () => {
    const c = controlledFlush();
    const add = createGroupCommit(c.flush, { maxBatch: 1 });
    const results = [1, 2, 3].map(add);
    await settle();
    expect(c.waiting).toBe(2);
    while (c.waiting > 0) {
      c.releaseNext();
      await settle();
    }
    expect(c.maxInFlight).toBe(2);
    await expect(Promise.all(results)).resolves.toEqual([2, 4, 6]);
  });

  it("rejects only the callers whose item result is an error", async () => {
    const bad = new Error("item 2 is bad");
    const c = controlledFlush((items) => items.map((i): ItemResult<number> => (i === 2 ? { ok: false, error: bad } : { ok: true, value: i * 10 })));
    const add = createGroupCommit(c.flush, { maxBatch: 10 });
    const results = [1, 2, 3].map((i) => add(i).then((value) => ({ value }), (error: unknown) => ({ error })));
    await nextTick();
    expect(c.batches).toEqual([[1, 2, 3]]);
    c.releaseNext();
    expect(await Promise.all(results)).toEqual([{ value: 10 }, { error: bad }, { value: 30 }]);
  });

  it("rejects an item the flush returned no result for", async () => {
    const c = controlledFlush((items) => items.slice(0, 1).map((i) => ({ ok: true, value: i })));
    const add = createGroupCommit(c.flush, { maxBatch: 10 });
    const results = [7, 8].map((i) => add(i).then((value) => ({ value }), (error: unknown) => ({ error: String(error) })));
    await nextTick();
    c.releaseNext();
    expect(await Promise.all(results)).toEqual([{ value: 7 }, { error: expect.stringMatching(/no result/) }]);
  });

  it("rejects every caller of a batch whose flush throws, and still flushes later items", async () => {
    const c = controlledFlush();
    const add = createGroupCommit(c.flush, { maxBatch: 10, maxConcurrent: 1 });
    const failing = [1, 2, 3].map((i) => add(i).then(() => "resolved", (error: unknown) => error));
    await nextTick();
    const later = [add(4), add(5)];
    const boom = new Error("database down");
    c.failNext(boom);
    expect(await Promise.all(failing)).toEqual([boom, boom, boom]);
    await settle();
    expect(c.batches).toEqual([[1, 2, 3], [4, 5]]);
    c.releaseNext();
    await expect(Promise.all(later)).resolves.toEqual([8, 10]);

    // The committer is idle again: a new item flushes on its own.
    const after = add(6);
    await settle();
    expect(c.batches.at(-1)).toEqual([6]);
    c.releaseNext();
    await expect(after).resolves.toBe(12);
  });

  it("rejects the batch of a flush that throws synchronously, and keeps flushing", async () => {
    let calls = 0;
    const add = createGroupCommit((items: number[]): Promise<ItemResult<number>[]> => {
      calls += 1;
      if (calls === 1) throw new Error("flush blew up before returning a promise");
      return Promise.resolve(items.map((i) => ({ ok: true as const, value: i + 1 })));
    }, { maxBatch: 10, maxConcurrent: 1 });
    await expect(add(1)).rejects.toThrow("flush blew up");
    await expect(add(2)).resolves.toBe(3);
  });

  describe("with lingerMs", () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it("flushes a lone item after a quiet spell on the next tick", async () => {
      const c = controlledFlush();
      const add = createGroupCommit(c.flush, { maxBatch: 10, lingerMs: 200 });
      void add(1);
      await nextTick();
      expect(c.batches).toEqual([[1]]);
    });

    it("gathers a steady trickle, waiting a few arrival gaps rather than the whole lingerMs", async () => {
      const batches: number[][] = [];
      const add = createGroupCommit(
        (items: number[]) => {
          batches.push(items);
          return Promise.resolve(items.map((i) => ({ ok: true as const, value: i })));
        },
        { maxBatch: 100, lingerMs: 1_000 },
      );
      const waits: Array<Promise<number>> = [];
      for (let i = 0; i < 40; i += 1) {
        const at = performance.now();
        waits.push(add(i).then(() => performance.now() - at));
        await sleep(5);
      }
      const waited = await Promise.all(waits);
      expect(batches.flat()).toEqual([...Array(40).keys()]);
      expect(batches.length).toBeLessThan(30); // items were gathered...
      expect(Math.max(...waited)).toBeLessThan(300); // ...for a few 5 ms gaps, never the whole second
    });

    it("flushes at once when maxBatch items are pending", async () => {
      const c = controlledFlush();
      const add = createGroupCommit(c.flush, { maxBatch: 3, lingerMs: 10_000 });
      void add(1);
      await nextTick();
      for (const i of [2, 3, 4]) void add(i);
      await settle();
      expect(c.batches).toEqual([[1], [2, 3, 4]]);
    });

    it("barely lingers for a burst (tiny gaps), even with a long lingerMs and a flush in flight", async () => {
      const c = controlledFlush();
      const add = createGroupCommit(c.flush, { maxBatch: 10, lingerMs: 10_000 });
      void add(1);
      await nextTick();
      void add(2);
      void add(3);
      await sleep(30);
      expect(c.batches).toEqual([[1], [2, 3]]);
    });

    it("does not linger after a flush that took longer than lingerMs (saturation): the next batch goes at once", async () => {
      const c = controlledFlush();
      const add = createGroupCommit(c.flush, { maxBatch: 10, lingerMs: 30, maxConcurrent: 1 });
      void add(1);
      await nextTick();
      void add(2);
      void add(3);
      await sleep(60); // the first flush is still in flight past the others' linger
      expect(c.batches).toEqual([[1]]);
      c.releaseNext();
      await settle();
      expect(c.batches).toEqual([[1], [2, 3]]);
    });
  });
});

