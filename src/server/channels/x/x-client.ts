import type { z } from "zod";
import { ChannelAuthError, ChannelRateLimitedError, ChannelRejectedError } from "../connector";
import type { XConfig } from "./x-config";
import { XTransientError } from "./x-errors";
import { readRateLimit, retryAfterSeconds, type XRateLimit } from "./x-rate-limit";

export type XRequest<T> = {
  method: "GET" | "POST";
  /** Path under the API origin, e.g. /2/users/123/mentions. */
  path: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  schema: z.ZodType<T>;
};

export type XResponse<T> = { data: T; rateLimit: XRateLimit | null };

/**
 * Why X refused a request for good, from the fixed details it sends (docs/platforms/x.md).
 * Errors carry only these labels, never X's own `errors[].parameters`, which echo the text.
 */
const REFUSALS: Array<[RegExp, string]> = [
  [/not been mentioned or otherwise engaged/i, "X allows replies only to posts that mentioned or quoted the account."],
  [/deleted or not visible/i, "The post being replied to is deleted or not visible."],
  [/duplicate content/i, "X refused the post as a duplicate of an earlier one."],
  [/too long/i, "The text is longer than X allows."],
];

function refusal(status: number, body: unknown): ChannelRejectedError {
  const problem = (typeof body === "object" && body !== null ? body : {}) as { detail?: unknown; errors?: Array<{ message?: unknown }> };
  const said = [problem.detail, ...(Array.isArray(problem.errors) ? problem.errors.map((e) => e.message) : [])].filter((s): s is string => typeof s === "string").join(" ");
  const known = REFUSALS.find(([pattern]) => pattern.test(said));
  return new ChannelRejectedError(known?.[1] ?? `X refused the request (HTTP ${status}).`);
}

/**
 * One call to the X API v2 as the connected account: bearer token, timeout, rate-limit
 * headers, and X's answers mapped to the channel errors (401 auth, 429 rate-limited with the
 * reset, other 4xx rejected, 5xx/network/timeout transient).
 */
export async function xRequest<T>(config: XConfig, accessToken: string, req: XRequest<T>): Promise<XResponse<T>> {
  const url = new URL(req.path, config.apiUrl);
  for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
  if (req.json !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(url, { method: req.method, headers, body: req.json === undefined ? undefined : JSON.stringify(req.json), signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    // A write that timed out may still have been posted: say so, the outbox decides.
    throw new XTransientError(timedOut ? `X did not answer ${req.method} ${req.path.replace(/\d{3,}/g, ":id")} in time.` : "X could not be reached.", null, req.method === "POST");
  }
  const rateLimit = readRateLimit(res.headers);
  const body: unknown = await res.json().catch(() => undefined);
  if (res.status === 401) throw new ChannelAuthError("X rejected the access token (401).");
  if (res.status === 429) throw new ChannelRateLimitedError("X rate limit reached.", retryAfterSeconds(rateLimit));
  if (res.status >= 500) throw new XTransientError(`X answered HTTP ${res.status}.`, res.status);
  if (res.status >= 400) throw refusal(res.status, body);
  const parsed = req.schema.safeParse(body);
  if (!parsed.success) throw new XTransientError(`X answered ${req.method} with an unexpected shape (${parsed.error.issues[0]?.path.join(".") ?? "body"}).`, res.status);
  return { data: parsed.data, rateLimit };
}
