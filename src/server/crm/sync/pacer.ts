import type { CrmCallContext, CrmLimits } from "../crm-connector";

/** The run's share of the CRM's daily allowance is spent: stop and come back after the reset. */
export class DailyBudgetSpentError extends Error {
  override name = "DailyBudgetSpentError";
}

export type PacerOptions = {
  /** Calls already made today (earlier runs' `calls`), counted against `dailyRequests`. */
  usedToday?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic milliseconds (default performance.now). */
  clock?: () => number;
};

/**
 * One connection's CrmCallContext: `beforeRequest()` waits until another request fits in the
 * burst window (at most `burst.requests` in any `burst.perMs`), refuses once the daily allowance
 * is spent, and counts every request. Requests are started at the window's pace, never ahead of
 * it, so the CRM's own limiter is not the one pacing us; a 429 that still comes (another app on
 * the same account) is handled by the run.
 *
 * A request holds its place in the window from its start until `perMs` after its answer
 * (`afterResponse()`): the CRM counts it at some moment in between (when it arrives, or when it is
 * done), so a request can never be in the CRM's window and out of ours, however long requests
 * queue in flight. Which request answered does not matter: every place is alike, so the pacer
 * keeps how many are in flight and when the answered ones ended. Every connector's HTTP client
 * calls `afterResponse()` once per request, answered or failed (a missing call would hold its
 * place for good).
 */
export class CrmPacer implements CrmCallContext {
  calls = 0;
  /** Requests started and not yet answered. */
  private inFlight = 0;
  /** When each answered request was answered (monotonic ms, ascending). */
  private readonly ends: number[] = [];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;
  private usedToday: number;
  /** Set after a 429: no request starts before this (monotonic ms). */
  private pausedUntil = 0;

  constructor(private readonly limits: CrmLimits, opts: PacerOptions = {}) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.clock = opts.clock ?? (() => performance.now());
    this.usedToday = opts.usedToday ?? 0;
  }

  async beforeRequest(): Promise<void> {
    const daily = this.limits.dailyRequests;
    if (daily !== null && this.usedToday >= daily) throw new DailyBudgetSpentError("The CRM's daily request allowance is spent.");
    const { requests, perMs } = this.limits.burst;
    for (;;) {
      const now = this.clock();
      while (this.ends.length > 0 && this.ends[0]! <= now - perMs) this.ends.shift();
      const held = this.ends.length + this.inFlight;
      // Full: wait for the oldest place to leave the window; with every place still in flight, for an answer.
      const full = held >= requests ? (this.ends.length > 0 ? this.ends[0]! + perMs - now : ANSWER_POLL_MS) : 0;
      const wait = Math.max(this.pausedUntil - now, full);
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    this.inFlight += 1;
    this.calls += 1;
    this.usedToday += 1;
  }

  afterResponse(): void {
    if (this.inFlight === 0) return;
    this.inFlight -= 1;
    this.ends.push(this.clock());
  }

  /** After a 429: nothing starts for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + ms);
  }
}

/** How often a full window with every place in flight looks again for an answer. */
const ANSWER_POLL_MS = 10;
