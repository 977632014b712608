/**
 * Graph API error answers: `{ error: { message, type, code, error_subcode?, is_transient?,
 * fbtrace_id } }` (developers.facebook.com/documentation/business-messaging/messenger-platform/error-codes,
 * updated 2026-03-18). HTTP statuses vary by error on the real API (190 comes back as 400,
 * code 4 has been seen as 403), so clients must classify by `error.code`, never by status.
 */
import { randomBytes } from "node:crypto";
import type { Fault } from "../shared/fault-queue";

export interface GraphErrorAnswer {
  status: number;
  body: { error: Record<string, unknown> };
  headers: Record<string, string>;
}

interface Spec {
  status?: number;
  message: string;
  type?: string;
  code: number;
  subcode?: number;
  transient?: boolean;
  headers?: Record<string, string>;
}

export function graphError(spec: Spec): GraphErrorAnswer {
  const error: Record<string, unknown> = { message: spec.message, type: spec.type ?? "OAuthException", code: spec.code };
  if (spec.subcode !== undefined) error.error_subcode = spec.subcode;
  if (spec.transient !== undefined) error.is_transient = spec.transient;
  error.fbtrace_id = randomBytes(8).toString("base64url");
  return { status: spec.status ?? 400, body: { error }, headers: spec.headers ?? {} };
}

export const invalidToken = (reason = "Invalid OAuth access token - Cannot parse access token") =>
  graphError({
    message: reason,
    code: 190,
    headers: { "www-authenticate": `OAuth "Facebook Platform" "invalid_token" "${reason}"` },
  });

/** Subcode 460: the session was invalidated (password change, security reset). */
export const sessionInvalidated = () =>
  graphError({
    message:
      "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
    code: 190,
    subcode: 460,
  });

export const unsupportedRequest = (method: string, id: string) =>
  graphError({
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: "GraphMethodException",
    code: 100,
    subcode: 33,
  });

export const invalidParameter = (message: string, subcode?: number) =>
  graphError({ message: `(#100) ${message}`, code: 100, subcode });

export const noMatchingUser = () => graphError({ message: "(#100) No matching user found", code: 100, subcode: 2018001 });

/** Code 10 / 2018278: the 24-hour (or tag's) window is closed. */
export const outsideWindow = () =>
  graphError({ message: "(#10) This message is sent outside of allowed window.", code: 10, subcode: 2018278 });

/** Code 551 / 1545041: the person blocked the Page or cannot receive messages. */
export const userUnavailable = () =>
  graphError({ message: "(#551) This person isn't available right now.", code: 551, subcode: 1545041 });

const RATE_LIMIT_MESSAGES: Record<number, string> = {
  4: "(#4) Application request limit reached",
  17: "(#17) User request limit reached",
  32: "(#32) Page request limit reached",
  613: "(#613) Calls to this api have exceeded the rate limit.",
};

/**
 * Rate limits carry usage headers (developers.facebook.com/docs/graph-api/overview/rate-limiting):
 * X-App-Usage for platform limits, X-Business-Use-Case-Usage (keyed by the Page/business id,
 * with estimated_time_to_regain_access in minutes) for Page-token calls.
 */
export function rateLimited(code: 4 | 17 | 32 | 613, pageId: string | undefined, resetInSeconds = 300): GraphErrorAnswer {
  const headers: Record<string, string> = {
    "x-app-usage": JSON.stringify({ call_count: 100, total_cputime: 100, total_time: 100 }),
  };
  if (pageId !== undefined) headers["x-business-use-case-usage"] = bucUsage(pageId, 100, Math.ceil(resetInSeconds / 60));
  return graphError({ status: code === 4 ? 403 : 400, message: RATE_LIMIT_MESSAGES[code] ?? "", code, transient: true, headers });
}

export function bucUsage(pageId: string, percent: number, regainMinutes = 0): string {
  const row = { type: "pages", call_count: percent, total_cputime: Math.min(percent, 100), total_time: Math.min(percent, 100), estimated_time_to_regain_access: regainMinutes };
  return JSON.stringify({ [pageId]: [row] });
}

export const serverError = (status = 500) =>
  graphError({ status, message: "An unexpected error has occurred. Please retry your request later.", code: 2, transient: true });

/** The answer an injected fault stands for ("timeout" is handled by the server: it delays). */
export function faultAnswer(fault: Exclude<Fault, { kind: "timeout" }>, pageId: string | undefined): GraphErrorAnswer {
  if (fault.kind === "auth") return sessionInvalidated();
  if (fault.kind === "rate-limit") return rateLimited(fault.code ?? 4, pageId, fault.resetInSeconds);
  return serverError(fault.status);
}
