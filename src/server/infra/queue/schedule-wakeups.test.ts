import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { createWakeScheduler } from "@/server/infra/queue/schedule-wakeups";

/** A scheduler on fake timers; `idle` is how many workers `wake` may wake. */
function setUp(options: { batchSize?: number; maxLingerMs?: number; idle?: number } = {}) {
  const wakes: Array<{ at: number; count: number }> = [];
  let idle = options.idle ?? 3;
  const scheduler = createWakeScheduler({
    batchSize: options.batchSize ?? 10,
    maxLingerMs: options.maxLingerMs ?? 40,
    now: () => Date.now(),
    wake: (count) => {
      const woke = Math.min(count, idle);
      if (woke > 0) wakes.push({ at: Date.now(), count: woke });
      return woke;
    },
  });
  return { scheduler, wakes, setIdle: (n: number) => (idle = n) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createWakeScheduler", () => {
  it("wakes at once for a lone job after a quiet spell", () => {
    const { scheduler, wakes } = setUp();
    scheduler.published(1);
    expect(wakes).toEqual([{ at: 1_000_000, count: 1 }]);
  });

  it("gathers a steady trickle into one wake-up, at most maxLingerMs after the first unclaimed job", () => {
    const { scheduler, wakes } = setUp({ maxLingerMs: 40 });
    scheduler.published(1); // after a quiet spell: at once
    for (let i = 0; i < 6; i += 1) {
      vi.advanceTimersByTime(10);
      scheduler.published(1);
    }
    // jobs at +10, +20, ... +60: the first of them lingers until +50 and takes the ones up to then
    expect(wakes.map((w) => w.at - 1_000_000)).toEqual([0, 50]);
    vi.advanceTimersByTime(100);
    expect(wakes.map((w) => w.at - 1_000_000)).toEqual([0, 50, 90]);
    expect(wakes.every((w) => w.count === 1)).toBe(true);
  });

  it("never delays a job beyond the bound, however slowly batch-mates come", () => {
    const { scheduler, wakes } = setUp({ maxLingerMs: 25 });
    scheduler.published(1);
    vi.advanceTimersByTime(20);
    scheduler.published(1); // within the bound of the previous one: lingers
    vi.advanceTimersByTime(24);
    expect(wakes).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(wakes.map((w) => w.at - 1_000_000)).toEqual([0, 45]);
  });

  it("wakes at once when a full batch is waiting, and enough workers for what is unclaimed", () => {
    const { scheduler, wakes } = setUp({ batchSize: 4 });
    scheduler.published(1);
    vi.advanceTimersByTime(5);
    scheduler.published(1);
    scheduler.published(1);
    scheduler.published(1);
    expect(wakes).toHaveLength(1);
    scheduler.published(1); // 4 unclaimed: a full batch
    expect(wakes.map((w) => [w.at - 1_000_000, w.count])).toEqual([[0, 1], [5, 1]]);
    vi.advanceTimersByTime(5);
    scheduler.published(9); // several at once: a batch formed upstream
    expect(wakes.at(-1)).toEqual({ at: 1_000_010, count: 3 });
  });

  it("does not linger for a publish of several jobs (a batch formed upstream)", () => {
    const { scheduler, wakes } = setUp({ batchSize: 50 });
    scheduler.published(3);
    vi.advanceTimersByTime(10);
    scheduler.published(2);
    expect(wakes.map((w) => w.at - 1_000_000)).toEqual([0, 10]);
  });

  it("keeps jobs published while every worker is busy for the first one to finish", () => {
    const { scheduler, wakes, setIdle } = setUp({ maxLingerMs: 40 });
    setIdle(0);
    scheduler.published(1);
    vi.advanceTimersByTime(10);
    scheduler.published(1);
    vi.advanceTimersByTime(100);
    expect(wakes).toHaveLength(0);
    setIdle(1);
    expect(scheduler.finished(3)).toBe(false); // not a full batch: no blind re-fetch...
    expect(wakes).toHaveLength(1); // ...but the waiting jobs wake it (they are past their linger)
    expect(scheduler.finished(2)).toBe(false); // nothing unclaimed now: it sleeps
    expect(wakes).toHaveLength(1);
  });

  it("asks a worker to fetch again at once after a full batch", () => {
    const { scheduler } = setUp({ batchSize: 10 });
    expect(scheduler.finished(10)).toBe(true);
    expect(scheduler.finished(9)).toBe(false);
  });

  it("drops a pending wake-up on stop", () => {
    const { scheduler, wakes } = setUp();
    scheduler.published(1);
    vi.advanceTimersByTime(10);
    scheduler.published(1);
    scheduler.stop();
    vi.advanceTimersByTime(1_000);
    expect(wakes).toHaveLength(1);
  });
});
