import { TokenRefreshUnavailableError } from "../../channels/tokens/token-errors";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";
import { CrmNeedsReauthError } from "../tokens/get-crm-credentials";
import { CONFIG_ERROR_BACKOFF_MS, connectionBackoffMs } from "./backoff";
import { DailyBudgetSpentError } from "./pacer";

/** How a run ended early, and what the connection becomes. Messages are ours or the connector's, which never quote PII or secrets. */
export type RunStop =
  | { kind: "needs-reauth"; alreadyMarked: boolean; message: string }
  | { kind: "failing"; message: string; retryInMs: number }
  | { kind: "lease-lost"; message: string };

const MAX_MESSAGE = 500;

/**
 * Maps a whole-call failure to the connection's next state; null for an error that is not the
 * CRM's (a bug, the database): the run rethrows it so the job is retried.
 * - refused credentials: NEEDS_REAUTH (leads untouched, they wait for the reconnect);
 * - configuration (a mapped property gone): FAILING, next try in an hour, the job succeeds;
 * - unavailable / rate limited / daily allowance spent: FAILING, next try after the backoff or
 *   the CRM's wait; records' attempts are not consumed.
 */
export function classifyStop(error: unknown, failingSince: Date | null, now: Date): RunStop | null {
  const message = error instanceof Error ? error.message.slice(0, MAX_MESSAGE) : "Unknown error";
  if (error instanceof CrmNeedsReauthError) return { kind: "needs-reauth", alreadyMarked: true, message };
  if (error instanceof CrmAuthError) return { kind: "needs-reauth", alreadyMarked: false, message };
  if (error instanceof CrmConfigError) return { kind: "failing", message, retryInMs: CONFIG_ERROR_BACKOFF_MS };
  if (error instanceof CrmRateLimitedError) return { kind: "failing", message, retryInMs: Math.max(error.retryAfterMs, 60_000) };
  if (error instanceof DailyBudgetSpentError) return { kind: "failing", message, retryInMs: untilNextUtcDay(now) };
  if (error instanceof CrmUnavailableError || error instanceof TokenRefreshUnavailableError) {
    return { kind: "failing", message, retryInMs: connectionBackoffMs(failingSince, now) };
  }
  return null;
}

function untilNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime() + 60_000;
}
