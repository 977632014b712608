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
 * burst window (at most `burst.requests` starts in any `burst.perMs`: a sliding log of start
 * times), refuses once the daily allowance is spent, and counts every request. Requests are
 * started at the window's pace, never ahead of it, so the CRM's own limiter is not the one
 * pacing us; a 429 that still comes (another app on the same account) is handled by the run.
 */
export class CrmPacer implements CrmCallContext {
  calls = 0;
  private readonly starts: number[] = [];
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
      while (this.starts.length > 0 && this.starts[0]! <= now - perMs) this.starts.shift();
      const wait = Math.max(this.pausedUntil - now, this.starts.length >= requests ? this.starts[0]! + perMs - now : 0);
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    this.starts.push(this.clock());
    this.calls += 1;
    this.usedToday += 1;
  }

  /** After a 429: nothing starts for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + ms);
  }
}
