import { z } from "zod";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";
import { DAILY_RETRY_MS } from "./limit-info";

/**
 * Salesforce's REST errors -> the contract's typed errors (docs/crm/salesforce.md, "Errors").
 * A whole-call error body is an array of `{ message, errorCode, fields? }`; a record of an
 * sObject Collections answer carries `errors: [{ statusCode, message, fields }]`.
 * Messages can quote submitted values (an invalid email is echoed back), so only codes,
 * field names and messages of codes known to hold neither reach our errors.
 */
export const restErrorBody = z.array(z.object({ errorCode: z.string(), message: z.string().default(""), fields: z.array(z.string()).optional() }));

/** The call was refused for a reason no retry fixes and no admin setting explains (our bug or an unexpected answer). */
export class SalesforceRequestError extends Error {
  override name = "SalesforceRequestError";
  constructor(message: string, readonly status: number, readonly code: string | null) {
    super(message);
  }
}

/** Codes whose whole-call message names fields or objects only: shown to the admin. */
const CONFIG_CODES = new Set(["INVALID_FIELD", "INVALID_TYPE", "NOT_FOUND", "INVALID_FIELD_FOR_INSERT_UPDATE", "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY", "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED", "FUNCTIONALITY_NOT_ENABLED", "INVALID_CROSS_REFERENCE_KEY"]);
/** Concurrent long-running requests: a short pause helps. */
const CONCURRENT_LIMIT_RETRY_MS = 20_000;

export function errorFor(operation: string, status: number, body: unknown, headers: Headers): Error {
  const first = restErrorBody.safeParse(body).data?.[0];
  const code = first?.errorCode ?? null;
  const where = `Salesforce ${operation}`;
  if (status === 401) return new CrmAuthError(`${where}: the session is invalid or expired (${code ?? "401"})`);
  if (status === 429) return new CrmRateLimitedError(`${where}: rate limited (429)`, retryAfterMs(headers) ?? CONCURRENT_LIMIT_RETRY_MS, "burst");
  if (code === "REQUEST_LIMIT_EXCEEDED") {
    // "TotalRequests Limit exceeded." is the daily allocation; "ConcurrentPerOrgLongTxn Limit exceeded." the concurrent one.
    const concurrent = /concurrent/i.test(first?.message ?? "");
    return concurrent
      ? new CrmRateLimitedError(`${where}: too many concurrent long-running requests (REQUEST_LIMIT_EXCEEDED)`, CONCURRENT_LIMIT_RETRY_MS, "burst")
      : new CrmRateLimitedError(`${where}: the org's daily API request allocation is used up (REQUEST_LIMIT_EXCEEDED)`, DAILY_RETRY_MS, "daily");
  }
  if (status >= 500) return new CrmUnavailableError(`${where}: Salesforce answered ${status}${code ? ` (${code})` : ""}`);
  if (code && CONFIG_CODES.has(code)) return new CrmConfigError(`${where}: ${code}: ${truncate(first?.message ?? "")}`);
  if (status === 403) return new CrmConfigError(`${where}: refused (403${code ? ` ${code}` : ""}); check the connecting user's API permissions`);
  return new SalesforceRequestError(`${where}: Salesforce answered ${status}${code ? ` (${code})` : ""}`, status, code);
}

function retryAfterMs(headers: Headers): number | null {
  const raw = headers.get("retry-after");
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export const recordError = z.object({ statusCode: z.string(), message: z.string().default(""), fields: z.array(z.string()).default([]) });
export type SalesforceRecordError = z.infer<typeof recordError>;

/** Per-record codes that another try may clear (locks, limits, the rest of an all-or-none batch). */
const RETRYABLE_RECORD_CODES = new Set(["UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "ALL_OR_NONE_OPERATION_ROLLED_BACK", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION", "REQUEST_RUNNING_TOO_LONG"]);
/** Per-record messages that never quote a value: REQUIRED_FIELD_MISSING names fields, a validation rule's text is written by the admin. */
const SAFE_MESSAGE_CODES = new Set(["REQUIRED_FIELD_MISSING", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "INVALID_FIELD", "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "INSUFFICIENT_ACCESS_OR_READONLY"]);

/** The CRM's reason for one rejected record, without the values it may quote. */
export function recordFailure(errors: SalesforceRecordError[]): { reason: string; retryable: boolean } {
  if (errors.length === 0) return { reason: "Salesforce rejected the record without a reason", retryable: true };
  const reason = errors
    .map((e) => {
      const fields = e.fields.length > 0 ? ` [${e.fields.join(", ")}]` : "";
      const message = SAFE_MESSAGE_CODES.has(e.statusCode) && e.message ? `: ${truncate(e.message)}` : "";
      return `${e.statusCode}${fields}${message}`;
    })
    .join("; ");
  return { reason, retryable: errors.every((e) => RETRYABLE_RECORD_CODES.has(e.statusCode)) };
}

function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
