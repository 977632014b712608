import "server-only";
import { httpErrorResponse } from "../infra/errors/http-error-response";
import { retryAfterSeconds } from "./resolve-actor";

/** Adds `Retry-After` to a 429 built from a RATE_LIMITED AppError. */
export function routeErrorResponse(error: unknown, context: Record<string, unknown>): Response {
  const res = httpErrorResponse(error, context);
  const retryAfter = retryAfterSeconds(error);
  if (retryAfter === null) return res;
  const headers = new Headers(res.headers);
  headers.set("retry-after", String(retryAfter));
  return new Response(res.body, { status: res.status, headers });
}
