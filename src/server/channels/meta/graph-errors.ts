/**
 * Graph API error bodies -> the connector's typed errors. Classified by `error.code` (and
 * subcode), never by HTTP status alone: Meta answers 190 as 400 and code 4 as 403
 * (developers.facebook.com/documentation/business-messaging/messenger-platform/error-codes,
 * updated 2026-03-18; docs/graph-api/overview/rate-limiting). Messages carry the operation,
 * codes and fbtrace id only: never the token, the URL or Meta's own wording.
 */
import { z } from "zod";
import { ChannelAuthError, ChannelRateLimitedError, ChannelRejectedError } from "../connector";

/**
 * Down, timed out or answering 5xx: retry later with backoff. `ambiguous`: a write that may have
 * reached Meta before the failure (no answer to a POST): the outbox must not blindly resend it.
 */
export class MetaGraphUnavailableError extends Error {
  constructor(
    message: string,
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = "MetaGraphUnavailableError";
  }
}

/** Code 10 / 2018278: the messaging window is closed (a draft, or HUMAN_AGENT for a person). */
export class MetaWindowClosedError extends ChannelRejectedError {
  constructor(message: string) {
    super(message);
    this.name = "MetaWindowClosedError";
  }
}

const AUTH_CODES = new Set([102, 104, 190]);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
/** Invalid parameter / recipient (100), person unavailable (551), no permission (10, 200-299). */
const isRejectedCode = (code: number) => code === 100 || code === 551 || code === 10 || (code >= 200 && code <= 299);
const WINDOW_SUBCODE = 2018278;

export const DEFAULT_RETRY_AFTER_SECONDS = 60;
const MAX_RETRY_AFTER_SECONDS = 3_600;

const errorBodySchema = z.object({
  error: z.object({
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().max(100).optional(),
  }),
});

const bucSchema = z.record(z.string(), z.array(z.object({ estimated_time_to_regain_access: z.number().nonnegative().optional() }).passthrough()));

/**
 * Seconds until calls may resume: `Retry-After`, else the largest
 * `estimated_time_to_regain_access` (minutes) in X-Business-Use-Case-Usage, else a default.
 * X-App-Usage only carries percentages, so it cannot tell a time.
 */
export function retryAfterSeconds(headers: Headers): number {
  const clamp = (s: number) => Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(s)));
  const retryAfter = Number(headers.get("retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return clamp(retryAfter);
  try {
    const buc = bucSchema.safeParse(JSON.parse(headers.get("x-business-use-case-usage") ?? "null"));
    const minutes = buc.success ? Math.max(0, ...Object.values(buc.data).flat().map((row) => row.estimated_time_to_regain_access ?? 0)) : 0;
    if (minutes > 0) return clamp(minutes * 60);
  } catch {
    // Unparseable usage header: fall through to the default.
  }
  return DEFAULT_RETRY_AFTER_SECONDS;
}

/** The error a failed Graph answer stands for. `operation` names the call ("send", "comment.reply"). */
export function graphErrorFor(operation: string, status: number, body: unknown, headers: Headers): Error {
  const parsed = errorBodySchema.safeParse(body);
  if (status === 429) return new ChannelRateLimitedError(`Graph ${operation} rate-limited (HTTP 429)`, retryAfterSeconds(headers));
  if (!parsed.success) {
    const label = `Graph ${operation} failed with HTTP ${status} and no Graph error body`;
    return status >= 500 || status === 0 ? new MetaGraphUnavailableError(label) : new ChannelRejectedError(label);
  }
  const { code, error_subcode: subcode, is_transient: transient, fbtrace_id: trace } = parsed.data.error;
  const label = `Graph ${operation} failed: code ${code}${subcode !== undefined ? `/${subcode}` : ""}${trace ? ` (fbtrace ${trace})` : ""}`;
  if (RATE_LIMIT_CODES.has(code)) return new ChannelRateLimitedError(label, retryAfterSeconds(headers));
  if (AUTH_CODES.has(code)) return new ChannelAuthError(label);
  if (code === 10 && subcode === WINDOW_SUBCODE) return new MetaWindowClosedError(`${label}: outside the messaging window`);
  if (isRejectedCode(code)) return new ChannelRejectedError(label);
  // Code 1/2, is_transient, 5xx, and codes we don't know: retried (a bounded number of times by the job).
  return new MetaGraphUnavailableError(transient ? `${label} (transient)` : label);
}
