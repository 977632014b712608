import { ChannelAuthError } from "../connector";

/**
 * The account must be reconnected by an admin: its refresh was refused for good, or it is
 * already marked NEEDS_REAUTH / DISCONNECTED. Refreshing again will not help, so callers stop
 * (no retry) and do not mark the account again: whoever threw this already did.
 */
export class ChannelNeedsReauthError extends ChannelAuthError {
  constructor(
    message: string,
    /** A reason code (e.g. "refresh_rejected", "status_needs_reauth"): safe for logs and audit. */
    readonly reason: string,
  ) {
    super(message);
    this.name = "ChannelNeedsReauthError";
  }
}

/**
 * The refresh could not be done now (network, timeout, 5xx, 429, a lock held too long) and
 * nothing was changed: the stored tokens still hold, so the caller retries later.
 */
export class TokenRefreshUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenRefreshUnavailableError";
  }
}
