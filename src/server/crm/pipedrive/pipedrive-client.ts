/**
 * One Pipedrive API call over fetch. Not the `pipedrive` npm SDK: it is axios-based, ~2,400
 * generated files, and throws axios errors we would have to unwrap to read 429 headers; the
 * five endpoints Leadline needs are small enough to check with zod here.
 *
 * Auth: an API token goes in the `x-api-token` header (never the URL's `api_token` parameter,
 * which would land in proxy logs); an OAuth access token as `Authorization: Bearer`. The
 * engine's `ctx.beforeRequest()` is awaited before every request, so it can pace and count.
 */
import type { z } from "zod";
import { CrmAuthError, CrmUnavailableError, type CrmCallContext, type CrmCredentials } from "../crm-connector";
import { apiBaseFor, pipedriveConfig, usesOAuth, type PipedriveConfig } from "./pipedrive-config";
import { pipedriveErrorFor, pipedriveUnreachable } from "./pipedrive-errors";

export type PipedriveCall = {
  method: "GET" | "POST" | "PATCH" | "PUT";
  /** From the origin: "/api/v2/persons", "/api/v1/leads". */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Names the call in errors ("persons.add"). */
  operation: string;
};

export async function callPipedrive<T>(
  creds: CrmCredentials,
  ctx: CrmCallContext,
  call: PipedriveCall,
  schema: z.ZodType<T>,
  config: PipedriveConfig = pipedriveConfig(),
): Promise<T> {
  if (!creds.accessToken) throw new CrmAuthError(`Pipedrive ${call.operation}: the connection has no token`);
  const url = new URL(`${apiBaseFor(creds, config)}${call.path}`);
  for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
  const headers: Record<string, string> = { accept: "application/json" };
  if (usesOAuth(creds)) headers.authorization = `Bearer ${creds.accessToken}`;
  else headers["x-api-token"] = creds.accessToken;
  const init: RequestInit = { method: call.method, headers, signal: AbortSignal.timeout(config.timeoutMs) };
  if (call.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(call.body);
  }

  await ctx.beforeRequest();
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, init);
    text = await res.text();
  } catch (error) {
    throw pipedriveUnreachable(call.operation, error, config.timeoutMs);
  } finally {
    ctx.afterResponse?.();
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text; // Cloudflare's HTML block page, a proxy's error page
  }
  if (!res.ok) throw pipedriveErrorFor(call.operation, res.status, body, res.headers);
  const parsed = schema.safeParse(body);
  // A 2xx we cannot read may still have written (a person created): the caller retries through
  // the key search, which finds it, so an unreadable success never becomes a duplicate.
  if (!parsed.success) throw new CrmUnavailableError(`Pipedrive ${call.operation} answered ${res.status} with a body Leadline cannot read`);
  return parsed.data;
}
