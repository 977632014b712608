import type { z } from "zod";
import { CrmAuthError, CrmRateLimitedError, CrmUnavailableError, type CrmCallContext, type CrmCredentials } from "../crm-connector";
import { salesforceConfig, type SalesforceConfig } from "./salesforce-config";
import { errorFor } from "./salesforce-errors";
import { salesforceSettings, type SalesforceSettings } from "./salesforce-settings";
import { beginRequest, dailyBudgetWait, recordApiUsage } from "./limit-info";

export type SalesforceCall<T> = {
  method: "GET" | "POST" | "PATCH";
  /** After `/services/data/vXX.X` ("/sobjects/Lead/describe"), or a full service path ("/services/data/v67.0/query/01g...-2000", "/services/oauth2/userinfo"). */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Names the call in errors ("lead.upsert"). */
  operation: string;
  schema: z.ZodType<T>;
};

export type SalesforceSession = { creds: CrmCredentials; settings: SalesforceSettings; ctx: CrmCallContext; config: SalesforceConfig };

export function salesforceSession(creds: CrmCredentials, ctx: CrmCallContext, config: SalesforceConfig = salesforceConfig()): SalesforceSession {
  return { creds, settings: salesforceSettings(creds), ctx, config };
}

/**
 * One REST call to the connection's instance, bearer-authenticated and bounded by a timeout.
 * Refuses before calling when the org's daily allocation is (nearly) spent, paces through
 * `ctx.beforeRequest()`, records `Sforce-Limit-Info`, maps failures to the contract's errors
 * (salesforce-errors.ts) and checks a success against `schema`. A 2xx we cannot read is
 * CrmUnavailableError: every write Leadline sends is an upsert or re-checked first, so a
 * retry is safe, and it is never taken for "nothing happened".
 */
export async function callSalesforce<T>(session: SalesforceSession, call: SalesforceCall<T>): Promise<T> {
  const { creds, settings, ctx, config } = session;
  const where = `Salesforce ${call.operation}`;
  if (!creds.accessToken) throw new CrmAuthError(`${where}: the connection has no access token`);
  const path = call.path.startsWith("/services/") ? call.path : `/services/data/${config.apiVersion}${call.path}`;
  if (!/^\/services\/(data|oauth2)\//.test(path)) throw new Error(`${where}: refusing a path outside /services/data and /services/oauth2`);
  const url = new URL(path, settings.instanceUrl);
  if (call.query) for (const [key, value] of Object.entries(call.query)) url.searchParams.set(key, value);
  const headers: Record<string, string> = { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" };
  if (call.body !== undefined) headers["content-type"] = "application/json";

  const wait = dailyBudgetWait(settings.instanceUrl, settings.dailyReserve);
  if (wait > 0) throw new CrmRateLimitedError(`${where}: the org's daily API allocation is (nearly) used up; waiting before spending more`, wait, "daily");
  // Pending from the check that let it go (same synchronous step) until its figure is recorded.
  const settle = beginRequest(settings.instanceUrl);
  let res: Response;
  let text: string;
  try {
    await ctx.beforeRequest();
    try {
      res = await fetch(url, { method: call.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body), signal: AbortSignal.timeout(config.timeoutMs) });
      text = await res.text();
    } catch (error) {
      // The error's name only: a fetch error may quote the URL, and a query's URL holds the SOQL.
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new CrmUnavailableError(`${where} ${timedOut ? `timed out after ${config.timeoutMs} ms` : "could not reach Salesforce"}`);
    } finally {
      ctx.afterResponse?.();
    }
    recordApiUsage(settings.instanceUrl, res.headers.get("sforce-limit-info"));
  } finally {
    settle();
  }

  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) throw errorFor(call.operation, res.status, body, res.headers);
  const parsed = call.schema.safeParse(body);
  if (!parsed.success) throw new CrmUnavailableError(`${where}: Salesforce answered ${res.status} with a body Leadline cannot read`);
  return parsed.data;
}
