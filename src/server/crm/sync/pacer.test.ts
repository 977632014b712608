import { describe, expect, it } from "vitest";
import { TokenRefreshUnavailableError } from "../../channels/tokens/token-errors";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";
import { CrmNeedsReauthError } from "../tokens/get-crm-credentials";
import { connectionBackoffMs, recordBackoffMs } from "./backoff";
import { classifyStop } from "./classify-stop";
import { CrmPacer, DailyBudgetSpentError } from "./pacer";

/** A fake monotonic clock that sleeping advances. */
function virtualTime() {
  let t = 0;
  const slept: number[] = [];
  return { clock: () => t, sleep: async (ms: number) => void (slept.push(ms), (t += ms)), slept, advance: (ms: number) => void (t += ms) };
}

describe("CrmPacer", () => {
  it("starts at most `requests` per window and counts every call", async () => {
    const time = virtualTime();
    const pacer = new CrmPacer({ batchSize: 100, burst: { requests: 3, perMs: 1_000 }, dailyRequests: null }, time);
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      await pacer.beforeRequest();
      starts.push(time.clock());
      pacer.afterResponse(); // answered at once
    }
    expect(starts).toEqual([0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
    expect(pacer.calls).toBe(7);
    // Any window of 1 s holds at most 3 starts.
    for (const s of starts) expect(starts.filter((x) => x >= s && x < s + 1_000).length).toBeLessThanOrEqual(3);
  });

  it("keeps a request in the window until a window after its answer, however long it was in flight", async () => {
    const time = virtualTime();
    const pacer = new CrmPacer({ batchSize: 100, burst: { requests: 2, perMs: 1_000 }, dailyRequests: null }, time);
    await pacer.beforeRequest();
    await pacer.beforeRequest();
    // Both in flight for 3 s: a third must wait for an answer, then a full window after it.
    const third = pacer.beforeRequest().then(() => time.clock());
    for (let i = 0; i < 10; i++) await Promise.resolve();
    time.advance(3_000);
    pacer.afterResponse();
    pacer.afterResponse();
    expect(await third).toBeGreaterThanOrEqual(4_000);
    // The CRM counting on arrival or on completion sees at most 2 in any window: the third started a window after both answers.
  });

  it("holds every request after a 429 for its wait", async () => {
    const time = virtualTime();
    const pacer = new CrmPacer({ batchSize: 1, burst: { requests: 100, perMs: 1_000 }, dailyRequests: null }, time);
    await pacer.beforeRequest();
    pacer.pause(5_000);
    await pacer.beforeRequest();
    expect(time.clock()).toBe(5_000);
  });

  it("refuses once the day's allowance (earlier runs included) is spent", async () => {
    const pacer = new CrmPacer({ batchSize: 1, burst: { requests: 100, perMs: 1_000 }, dailyRequests: 5 }, { ...virtualTime(), usedToday: 3 });
    await pacer.beforeRequest();
    await pacer.beforeRequest();
    await expect(pacer.beforeRequest()).rejects.toBeInstanceOf(DailyBudgetSpentError);
    expect(pacer.calls).toBe(2);
  });
});

describe("backoff and run stops", () => {
  it("backs records off exponentially up to 6 hours and connections between 1 and 30 minutes", () => {
    expect([1, 2, 3, 4, 8, 20].map(recordBackoffMs)).toEqual([60_000, 120_000, 240_000, 480_000, 7_680_000, 21_600_000]);
    const now = new Date("2026-11-30T10:00:00Z");
    expect(connectionBackoffMs(null, now)).toBe(60_000);
    expect(connectionBackoffMs(new Date(now.getTime() - 4 * 60_000), now)).toBe(4 * 60_000);
    expect(connectionBackoffMs(new Date(now.getTime() - 5 * 3_600_000), now)).toBe(30 * 60_000);
  });

  it("maps each CRM failure to the connection's next state and leaves other errors to crash", () => {
    const now = new Date("2026-11-30T22:30:00Z");
    expect(classifyStop(new CrmAuthError("401"), null, now)).toMatchObject({ kind: "needs-reauth", alreadyMarked: false });
    expect(classifyStop(new CrmNeedsReauthError("x", "refresh_rejected"), null, now)).toMatchObject({ kind: "needs-reauth", alreadyMarked: true });
    expect(classifyStop(new CrmConfigError("Property leadline_tier does not exist"), null, now)).toEqual({ kind: "failing", message: "Property leadline_tier does not exist", retryInMs: 3_600_000 });
    expect(classifyStop(new CrmRateLimitedError("429", 600_000, "burst"), null, now)).toMatchObject({ kind: "failing", retryInMs: 600_000 });
    expect(classifyStop(new CrmUnavailableError("503"), null, now)).toMatchObject({ kind: "failing", retryInMs: 60_000 });
    expect(classifyStop(new TokenRefreshUnavailableError("later"), null, now)).toMatchObject({ kind: "failing" });
    expect(classifyStop(new DailyBudgetSpentError("spent"), null, now)).toMatchObject({ kind: "failing", retryInMs: 91 * 60_000 }); // to midnight UTC, plus a minute
    expect(classifyStop(new TypeError("bug"), null, now)).toBeNull();
    expect((classifyStop(new CrmUnavailableError("x".repeat(2_000)), null, now) as { message: string }).message).toHaveLength(500);
  });
});
