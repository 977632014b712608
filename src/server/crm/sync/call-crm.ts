import { CrmAuthError, CrmRateLimitedError, type CrmCredentials } from "../crm-connector";
import { CrmNeedsReauthError } from "../tokens/get-crm-credentials";
import type { CrmPacer } from "./pacer";

/** A 429 asking for at most this is waited out inside the run; a longer one ends the run. */
export const MAX_INLINE_WAIT_MS = 60_000;
/** Inline waits per call before the run gives up and comes back later. */
const MAX_INLINE_WAITS = 5;

export type CredentialSource = {
  current: CrmCredentials;
  /** One forced refresh per run for OAuth connections (null: the credentials cannot be refreshed). */
  refresh: ((rejected: CrmCredentials) => Promise<CrmCredentials>) | null;
  /** The run's one refresh, once started: calls refused meanwhile (the run has batches in flight side by side) wait for it instead of refreshing again. */
  refreshing?: Promise<CrmCredentials>;
};

/**
 * Runs one connector call under the run's rules: a short 429 is waited out (the pacer pauses
 * every request for Retry-After) and the call repeated; a refused OAuth token is refreshed once
 * per run and the call repeated (a call refused with the old token while another call of the run
 * is refreshing it waits for that refresh and repeats with its result; a call refused with the
 * refreshed token fails). Everything else propagates to the run, which records it.
 * Repeating is safe because every connector upserts by the lead's stable key.
 */
export async function callCrm<T>(source: CredentialSource, pacer: CrmPacer, call: (creds: CrmCredentials) => Promise<T>, sleep: (ms: number) => Promise<void>): Promise<T> {
  let waits = 0;
  for (;;) {
    const creds = source.current;
    try {
      return await call(creds);
    } catch (error) {
      if (error instanceof CrmRateLimitedError && error.scope === "burst" && error.retryAfterMs <= MAX_INLINE_WAIT_MS && waits < MAX_INLINE_WAITS) {
        waits += 1;
        pacer.pause(error.retryAfterMs);
        await sleep(0); // the pacer holds the next request until the wait is over
        continue;
      }
      if (error instanceof CrmAuthError && !(error instanceof CrmNeedsReauthError) && source.refresh) {
        source.refreshing ??= source.refresh(creds).then((fresh) => (source.current = fresh));
        if ((await source.refreshing) === creds) throw error; // refused with the refreshed credentials
        continue;
      }
      throw error;
    }
  }
}
