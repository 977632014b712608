import { scrubSecrets } from "./scrub-secrets";

const REDACTED = "[redacted]";

/** Keys whose values may carry secrets or personal data, compared without case, "-" or "_". */
const SENSITIVE_KEYS = new Set(
  [
    "password", "passwordHash", "token", "accessToken", "refreshToken", "idToken", "secret", "clientSecret", "apiKey",
    "authorization", "cookie", "setCookie", "email", "phone", "name", "displayName", "handle", "username", "text", "body",
    "codeVerifier", "signature", "xHubSignature256", "requestBodyValues",
  ].map(normaliseKey),
);
/** Any key ending like these is sensitive too ("qstashToken", "client_secret", "adminPassword", "responseBody"). */
const SENSITIVE_SUFFIXES = ["token", "secret", "password", "apikey", "body"];
/** Keys holding errors: every string under them is scrubbed (messages, stacks, causes). */
const ERROR_KEYS = new Set(["err", "error", "cause", "reason"]);

const MAX_DEPTH = 8;
const MAX_ARRAY = 100;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, "");
}

export function isSensitiveKey(key: string): boolean {
  const k = normaliseKey(key);
  return SENSITIVE_KEYS.has(k) || SENSITIVE_SUFFIXES.some((suffix) => k.endsWith(suffix));
}

function serialiseError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: scrubSecrets(error.message) };
  if (error.stack) out.stack = scrubSecrets(error.stack);
  // Own fields (code, status, meta...) go through the same walk; the cause chain too.
  for (const [key, value] of Object.entries(error)) {
    if (key !== "message" && key !== "stack") out[key] = walk(key, value, depth + 1, true, seen);
  }
  if (error.cause !== undefined) out.cause = walk("cause", error.cause, depth + 1, true, seen);
  if (error instanceof AggregateError) out.errors = walk("errors", error.errors, depth + 1, true, seen);
  return out;
}

function walk(key: string, value: unknown, depth: number, inError: boolean, seen: WeakSet<object>): unknown {
  if (isSensitiveKey(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === "string") return inError ? scrubSecrets(value) : value;
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[circular]";
  if (depth > MAX_DEPTH) return "[too deep]";
  seen.add(value);
  try {
    if (value instanceof Error) return serialiseError(value, depth, seen);
    if (value instanceof Date) return value;
    if (Array.isArray(value)) return value.slice(0, MAX_ARRAY).map((item) => walk("", item, depth + 1, inError, seen));
    if (!isPlainObject(value)) return value;
    const childInError = inError || ERROR_KEYS.has(key);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(k, v, depth + 1, childInError, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A log record made safe at any depth: values under sensitive keys replaced by "[redacted]",
 * errors (an Error anywhere, or anything under `err` / `error` / `cause` / `reason`) serialised
 * with their messages and stacks scrubbed of emails, phone numbers and tokens. Objects that are
 * not plain (class instances other than errors) are left to pino as they are.
 */
export function redactLogRecord(record: Record<string, unknown>): Record<string, unknown> {
  const seen = new WeakSet<object>();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[key] = walk(key, value, 0, ERROR_KEYS.has(key), seen);
  return out;
}
