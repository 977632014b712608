import {
  APICallError,
  EmptyResponseBodyError,
  InvalidResponseDataError,
  JSONParseError,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  RetryError,
  TypeValidationError,
} from "ai";

export type LlmErrorKind =
  | "timeout" // our per-attempt deadline fired
  | "rate-limit" // 429
  | "server" // 5xx, 408, 409, overloaded, empty body
  | "network" // connection refused/reset, DNS
  | "auth" // 401, 403: a wrong key will not fix itself
  | "client" // other 4xx: the request itself is wrong for this model
  | "invalid-output" // not JSON, or JSON that does not match the schema
  | "unknown";

export interface ClassifiedError {
  kind: LlmErrorKind;
  status?: number;
  /** From Retry-After / retry-after-ms on a 429 or 503. */
  retryAfterMs?: number;
}

export class LlmTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "LlmTimeoutError";
  }
}

const TRANSIENT: ReadonlySet<LlmErrorKind> = new Set(["timeout", "rate-limit", "server", "network"]);

export function isTransient(kind: LlmErrorKind): boolean {
  return TRANSIENT.has(kind);
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EHOSTUNREACH|UND_ERR_\w+)$/;

function parseRetryAfter(headers: Record<string, string> | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers["retry-after-ms"]);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers["retry-after"];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function classifyStatus(status: number): LlmErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate-limit";
  if (status === 408 || status === 409 || status >= 500) return "server";
  return "client";
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return errorCode((error as { cause?: unknown }).cause);
}

export function classifyLlmError(error: unknown): ClassifiedError {
  if (RetryError.isInstance(error)) return classifyLlmError(error.lastError);
  if (error instanceof LlmTimeoutError) return { kind: "timeout" };
  if (APICallError.isInstance(error)) {
    if (error.statusCode === undefined) return { kind: error.isRetryable ? "network" : "unknown" };
    return {
      kind: classifyStatus(error.statusCode),
      status: error.statusCode,
      retryAfterMs: parseRetryAfter(error.responseHeaders),
    };
  }
  if (
    NoObjectGeneratedError.isInstance(error) ||
    NoOutputGeneratedError.isInstance(error) ||
    JSONParseError.isInstance(error) ||
    TypeValidationError.isInstance(error) ||
    InvalidResponseDataError.isInstance(error)
  ) {
    return { kind: "invalid-output" };
  }
  if (EmptyResponseBodyError.isInstance(error)) return { kind: "server" };
  const code = errorCode(error);
  if (code !== undefined && NETWORK_CODES.test(code)) return { kind: "network" };
  if (error instanceof TypeError && error.message === "fetch failed") return { kind: "network" };
  return { kind: "unknown" };
}

const KEY_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_*.-]{6,}/g, "[redacted]"], // OpenAI / Anthropic style keys, masked or not
  [/(bearer\s+)[^\s"',]+/gi, "$1[redacted]"],
  [/((?:x-)?api[_-]?key["']?\s*[:=]\s*["']?)[^\s"',]+/gi, "$1[redacted]"],
];
const MAX_SUMMARY_CHARS = 240;
const MIN_PROMPT_FRAGMENT = 12;

export interface RedactOptions {
  /** Removes configured secrets (the registry knows them). */
  redact?: (text: string) => string;
  /** Texts the summary must never echo: the system prompt and the prompt. */
  sensitive?: readonly string[];
}

/**
 * An error's message made safe to store and log: configured keys and anything key-shaped are
 * masked, lines of the prompt are cut out, whitespace is collapsed and the length capped.
 */
export function safeErrorMessage(error: unknown, opts: RedactOptions = {}): string {
  let message = error instanceof Error ? error.message : String(error);
  message = opts.redact ? opts.redact(message) : message;
  for (const [pattern, replacement] of KEY_PATTERNS) message = message.replace(pattern, replacement);
  for (const text of opts.sensitive ?? []) {
    for (const line of text.split("\n")) {
      const fragment = line.trim();
      if (fragment.length >= MIN_PROMPT_FRAGMENT) message = message.split(fragment).join("[prompt]");
    }
  }
  message = message.replace(/\s+/g, " ").trim();
  return message.length > MAX_SUMMARY_CHARS ? `${message.slice(0, MAX_SUMMARY_CHARS - 1)}…` : message;
}

/** "<kind> (http <status>): <safe message>", one line, for attempts and run records. */
export function describeLlmError(error: unknown, classified: ClassifiedError, opts: RedactOptions = {}): string {
  const head = classified.status === undefined ? classified.kind : `${classified.kind} (http ${classified.status})`;
  const message = safeErrorMessage(error, opts);
  const full = message === "" ? head : `${head}: ${message}`;
  return full.length > MAX_SUMMARY_CHARS ? `${full.slice(0, MAX_SUMMARY_CHARS - 1)}…` : full;
}
