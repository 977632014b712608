import { ChannelAuthError } from "../connector";

/**
 * X refused the refresh token (or the grant behind it) for good: spent, revoked or unknown.
 * Only this marks the channel NEEDS_REAUTH; a plain ChannelAuthError from an API call (401)
 * means "refresh, then retry". It extends ChannelAuthError so callers that only know the
 * generic class still stop sending.
 */
export class XNeedsReauthError extends ChannelAuthError {
  constructor(message: string) {
    super(message);
    this.name = "XNeedsReauthError";
  }
}

/**
 * A failure worth retrying later: network error, timeout, 5xx, or an answer we could not read.
 * `ambiguous` is true when a write may have reached X before the failure (a timeout on a
 * POST): the outbox must not blindly resend it.
 */
export class XTransientError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = "XTransientError";
  }
}

/**
 * The OAuth exchange itself failed for a reason retrying won't fix (a bad or expired code, a
 * PKCE verifier that does not match, a wrong client id/secret). `error` is X's RFC 6749 code.
 */
export class XOAuthError extends Error {
  constructor(
    message: string,
    readonly error: string,
  ) {
    super(message);
    this.name = "XOAuthError";
  }
}
