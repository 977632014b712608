/**
 * HubSpot error answers -> the CRM contract's typed errors (docs/crm/hubspot.md#errors).
 * HubSpot bodies look like `{status:"error", message, correlationId, category, subCategory?,
 * errors?:[{code, message, context}], context?}`; 429s add `errorType:"RATE_LIMIT"` and a
 * `policyName` (TEN_SECONDLY_ROLLING, SECONDLY, DAILY). Messages built here carry the operation,
 * the status, the category/codes and the correlation id only: HubSpot's own `message` can quote
 * the value it rejected (an email address), so it never reaches an error, a log or a sync run.
 */
import { z } from "zod";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";

export const hubspotErrorBody = z
  .object({
    status: z.string().optional(),
    message: z.string().optional(),
    correlationId: z.string().max(100).optional(),
    category: z.string().max(100).optional(),
    subCategory: z.string().max(200).optional(),
    errorType: z.string().max(100).optional(),
    policyName: z.string().max(100).optional(),
    errors: z
      .array(z.object({ code: z.string().max(100).optional(), context: z.record(z.string(), z.unknown()).optional() }).passthrough())
      .optional(),
  })
  .passthrough();
export type HubSpotErrorBody = z.infer<typeof hubspotErrorBody>;

/** Wait when a burst 429 says nothing better: HubSpot's burst window is a rolling 10 s. */
export const DEFAULT_BURST_WAIT_MS = 10_000;
/** Upper bound of a daily wait when the portal's time zone is unknown (then we probe again). */
export const UNKNOWN_ZONE_DAILY_WAIT_MS = 60 * 60_000;
const MAX_WAIT_MS = 24 * 60 * 60_000;

export function parseErrorBody(body: unknown): HubSpotErrorBody | null {
  const parsed = hubspotErrorBody.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** "category/CODE, CODE (correlation abc)": the PII-free label of an error body. */
export function describeError(body: HubSpotErrorBody | null): string {
  if (!body) return "no HubSpot error body";
  const codes = [...new Set((body.errors ?? []).map((e) => e.code).filter((c): c is string => !!c))];
  const parts = [body.category ?? body.errorType ?? body.status ?? "error", body.subCategory, codes.length ? codes.join(", ") : undefined].filter(Boolean);
  return `${parts.join("/")}${body.correlationId ? ` (correlation ${body.correlationId})` : ""}`;
}

/** Milliseconds from `now` to the next midnight in `timeZone`; null when the zone is unknown. */
export function msUntilMidnightIn(timeZone: string | undefined, now: Date): number | null {
  if (!timeZone) return null;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(now);
  } catch {
    return null; // not an IANA zone this runtime knows
  }
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const elapsed = ((part("hour") * 60 + part("minute")) * 60 + part("second")) * 1000 + now.getMilliseconds();
  return Math.max(1000, 24 * 60 * 60_000 - elapsed);
}

/**
 * How long to wait after a 429. Retry-After (seconds) wins; then, for the burst policies,
 * X-HubSpot-RateLimit-Interval-Milliseconds (the window); a daily 429 waits for midnight in the
 * portal's time zone (HubSpot resets daily limits there), or an hour when the zone is unknown.
 */
export function rateLimitWait(body: HubSpotErrorBody | null, headers: Headers, timeZone: string | undefined, now: Date): { ms: number; scope: "burst" | "daily" } {
  const policy = (body?.policyName ?? "").toUpperCase();
  const daily = policy === "DAILY" || /daily limit/i.test(body?.message ?? "");
  const retryAfter = Number(headers.get("retry-after"));
  const clamp = (ms: number) => Math.min(MAX_WAIT_MS, Math.max(1, Math.ceil(ms)));
  if (daily) {
    if (Number.isFinite(retryAfter) && retryAfter > 0) return { ms: clamp(retryAfter * 1000), scope: "daily" };
    return { ms: clamp(msUntilMidnightIn(timeZone, now) ?? UNKNOWN_ZONE_DAILY_WAIT_MS), scope: "daily" };
  }
  if (Number.isFinite(retryAfter) && retryAfter > 0) return { ms: clamp(retryAfter * 1000), scope: "burst" };
  const interval = Number(headers.get("x-hubspot-ratelimit-interval-milliseconds"));
  if (Number.isFinite(interval) && interval > 0) return { ms: clamp(interval), scope: "burst" };
  return { ms: policy === "SECONDLY" ? 1000 : DEFAULT_BURST_WAIT_MS, scope: "burst" };
}

/** The typed error a failed call stands for. `operation` names the call ("contacts.upsert"). */
export function hubspotErrorFor(operation: string, status: number, raw: unknown, headers: Headers, timeZone: string | undefined, now = new Date()): Error {
  const body = parseErrorBody(raw);
  const label = `HubSpot ${operation} failed with HTTP ${status}: ${describeError(body)}`;
  if (status === 429) {
    const wait = rateLimitWait(body, headers, timeZone, now);
    return new CrmRateLimitedError(`HubSpot ${operation} rate-limited (${body?.policyName ?? "no policy named"})`, wait.ms, wait.scope);
  }
  if (status === 401) {
    // An expired token is the token manager's to refresh, not the admin's to reconnect.
    if (body?.category === "EXPIRED_AUTHENTICATION") return new CrmUnavailableError(`${label}: the access token expired; refresh and retry`);
    return new CrmAuthError(label);
  }
  if (status === 403) return body?.category === "MISSING_SCOPES" ? new CrmAuthError(`${label}: reconnect HubSpot to grant the missing scopes`) : new CrmConfigError(label);
  if (status >= 500 || status === 0 || status === 408) return new CrmUnavailableError(label);
  const missing = missingProperties(body);
  if (missing.length > 0) return new CrmConfigError(`HubSpot ${operation}: the mapped propert${missing.length > 1 ? "ies" : "y"} ${missing.join(", ")} do${missing.length > 1 ? "" : "es"} not exist in the portal`);
  return new CrmConfigError(label);
}

const PROPERTY_NAME = /^[a-z0-9_]{1,100}$/i;

/**
 * Names of properties HubSpot says do not exist (code PROPERTY_DOESNT_EXIST, context.propertyName).
 * Property names are configuration, not personal data, so they may be shown to the admin.
 */
export function missingProperties(body: HubSpotErrorBody | null): string[] {
  const names = new Set<string>();
  for (const e of body?.errors ?? []) {
    if (e.code !== "PROPERTY_DOESNT_EXIST") continue;
    const value = e.context?.propertyName;
    for (const name of Array.isArray(value) ? value : [value]) if (typeof name === "string" && PROPERTY_NAME.test(name)) names.add(name);
  }
  return [...names];
}

/** Per-record categories that may pass on their own: everything else is the record's fault. */
const TRANSIENT_CATEGORIES = new Set(["RATE_LIMITS", "INTERNAL_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT", "LOCKED"]);
export const isTransientCategory = (category: string | undefined) => !!category && TRANSIENT_CATEGORIES.has(category);
