/**
 * Pipedrive answers -> the CRM contract's typed errors (docs/crm/pipedrive.md, "Errors").
 * Messages carry the operation, the status and Pipedrive's own reason with anything that looks
 * like an email, a phone number or a quoted value removed: never the token, the URL or PII.
 */
import { z } from "zod";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";

/** Pipedrive refused this one record (400, 403 feature capping, 422): the batch goes on. */
export class PipedriveRejectedError extends Error {
  override name = "PipedriveRejectedError";
  constructor(message: string, readonly reason: string, readonly status: number) {
    super(message);
  }
}

/** 404: the person / note named by id is gone (deleted in Pipedrive). */
export class PipedriveNotFoundError extends Error {
  override name = "PipedriveNotFoundError";
}

const errorBody = z.object({ success: z.literal(false).optional(), error: z.unknown().optional(), message: z.string().optional(), code: z.string().optional() }).passthrough();

/** Burst windows are 2 s; the daily budget resets at midnight in Pipedrive's (undisclosed) server timezone, so we probe hourly. */
export const BURST_DEFAULT_WAIT_MS = 2_000;
export const DAILY_DEFAULT_WAIT_MS = 3_600_000;
const MAX_WAIT_MS = 3_600_000;

/** Pipedrive's reason, stripped of values a person typed (emails, phones, quoted text), at most 160 characters. */
export function safeReason(body: unknown): string {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return "no reason given";
  const raw = typeof parsed.data.error === "string" ? parsed.data.error : (parsed.data.message ?? parsed.data.code ?? "no reason given");
  const cleaned = raw
    .replace(/[^\s@"'“”]+@[^\s@"'“”]+/g, "<email>")
    .replace(/["'“”][^"'“”]*["'“”]/g, "<value>")
    .replace(/\+?\d[\d\s().-]{6,}\d/g, "<number>")
    .replace(/\s+/g, " ")
    .trim();
  return (cleaned || "no reason given").slice(0, 160);
}

function seconds(value: string | null): number | null {
  const n = Number(value);
  return value !== null && value.trim() !== "" && Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * A 429 is the 2-second burst window (x-ratelimit-remaining: 0) or the daily token budget (the
 * window still has room, x-daily-requests-left is 0, or the reason names the budget). The wait:
 * Retry-After, else x-ratelimit-reset for the burst window, else the defaults above.
 */
export function rateLimitOf(headers: Headers, body: unknown): { waitMs: number; scope: "burst" | "daily" } {
  const remaining = headers.get("x-ratelimit-remaining");
  const reason = safeReason(body);
  const daily =
    headers.get("x-daily-requests-left") === "0" || /daily|budget|token/i.test(reason) || (remaining !== null && remaining.trim() !== "" && Number(remaining) > 0);
  const retryAfter = seconds(headers.get("retry-after"));
  const reset = seconds(headers.get("x-ratelimit-reset"));
  const waitMs = retryAfter !== null ? retryAfter * 1000 : daily ? DAILY_DEFAULT_WAIT_MS : reset !== null ? reset * 1000 : BURST_DEFAULT_WAIT_MS;
  return { waitMs: Math.min(MAX_WAIT_MS, Math.max(500, Math.ceil(waitMs))), scope: daily ? "daily" : "burst" };
}

/** The error a non-2xx answer stands for. `operation` names the call ("persons.add"). */
export function pipedriveErrorFor(operation: string, status: number, body: unknown, headers: Headers): Error {
  const label = `Pipedrive ${operation} failed with HTTP ${status}`;
  if (status === 401) return new CrmAuthError(`${label}: the token was refused (revoked, regenerated or expired)`);
  if (status === 429) {
    const { waitMs, scope } = rateLimitOf(headers, body);
    return new CrmRateLimitedError(`${label}: ${scope === "daily" ? "the company's daily API token budget is spent" : "burst limit"}`, waitMs, scope);
  }
  if (status === 402) return new CrmConfigError(`${label}: the Pipedrive company account is not open (trial ended or billing)`);
  if (status >= 500 || status === 0) return new CrmUnavailableError(label);
  if (status === 404) return new PipedriveNotFoundError(`${label}: ${safeReason(body)}`);
  if (status === 403) {
    // Cloudflare's HTML block page for integrations that kept calling through 429s: back off.
    if (!errorBody.safeParse(body).success) return new CrmRateLimitedError(`${label}: blocked after too many rate-limited calls`, 60_000, "burst");
    const reason = safeReason(body);
    if (/scope/i.test(reason)) return new CrmConfigError(`${label}: the app lacks a scope for this call (${reason}); reconnect with the scopes in docs/crm/pipedrive.md`);
    return new PipedriveRejectedError(`${label}: ${reason}`, reason, status);
  }
  const reason = safeReason(body);
  return new PipedriveRejectedError(`${label}: ${reason}`, reason, status);
}

/** fetch threw: a timeout or the network. Only the operation is named (the URL may carry an id). */
export function pipedriveUnreachable(operation: string, error: unknown, timeoutMs: number): CrmUnavailableError {
  const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
  return new CrmUnavailableError(`Pipedrive ${operation} ${timedOut ? `timed out after ${timeoutMs} ms` : "could not be reached"}`);
}
