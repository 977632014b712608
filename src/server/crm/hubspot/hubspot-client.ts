import type { z } from "zod";
import { CrmAuthError, CrmUnavailableError, type CrmCallContext, type CrmCredentials } from "../crm-connector";
import { hubspotPath, type HubSpotApi, type HubSpotConfig } from "./hubspot-config";
import { hubspotErrorFor } from "./hubspot-errors";

export type HubSpotCall = {
  method: "GET" | "POST";
  api: HubSpotApi;
  /** Path after the API and version: "contacts/batch/upsert". */
  rest: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Names the call in errors ("contacts.upsert"). */
  operation: string;
  /**
   * Error statuses the caller reads itself (409 on a property that exists, 400 of a whole batch
   * it will split). They come back as `{ ok: false }` instead of a thrown error.
   */
  accept?: number[];
};

export type HubSpotAnswer<T> = { ok: true; status: number; data: T; headers: Headers } | { ok: false; status: number; body: unknown; headers: Headers };

/**
 * One HubSpot API call, bounded by a timeout, after the engine's `beforeRequest()` (which paces
 * and counts every request). The token goes as a Bearer header, never in the URL. A 2xx is
 * checked against `schema`: a body we cannot read is CrmUnavailableError (retried; every write
 * we make is an upsert or is reconciled by id), never "nothing happened". Other failures become
 * the contract's typed errors (hubspot-errors.ts).
 */
export async function callHubSpot<T>(
  config: HubSpotConfig,
  creds: CrmCredentials,
  ctx: CrmCallContext,
  call: HubSpotCall,
  schema: z.ZodType<T>,
): Promise<HubSpotAnswer<T>> {
  if (!creds.accessToken) throw new CrmAuthError(`HubSpot ${call.operation}: the connection has no access token`);
  const url = new URL(`${config.apiUrl}${hubspotPath(config.version, call.api, call.rest)}`);
  if (call.query) url.search = new URLSearchParams(call.query).toString();
  const headers: Record<string, string> = { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" };
  if (call.body !== undefined) headers["content-type"] = "application/json";

  await ctx.beforeRequest();
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    text = await res.text();
  } catch (error) {
    // Only the kind: a fetch error may quote the URL or the request.
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new CrmUnavailableError(`HubSpot ${call.operation} ${timedOut ? `timed out after ${config.timeoutMs} ms` : "could not be reached"}`);
  } finally {
    ctx.afterResponse?.();
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    if (call.accept?.includes(res.status)) return { ok: false, status: res.status, body, headers: res.headers };
    throw hubspotErrorFor(call.operation, res.status, body, res.headers, creds.metadata.timeZone);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new CrmUnavailableError(`HubSpot ${call.operation} answered ${res.status} with a body we could not read`);
  return { ok: true, status: res.status, data: parsed.data, headers: res.headers };
}

/** The data of a call that accepts no error status. */
export async function callHubSpotData<T>(config: HubSpotConfig, creds: CrmCredentials, ctx: CrmCallContext, call: Omit<HubSpotCall, "accept">, schema: z.ZodType<T>): Promise<T> {
  const answer = await callHubSpot(config, creds, ctx, call, schema);
  if (!answer.ok) throw new Error("unreachable: no status accepted");
  return answer.data;
}
