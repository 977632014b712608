import { env } from "../../infra/env/load-env";

/** How long one Salesforce call may take before it counts as "unavailable" (REST calls rarely pass 10 s; 20 s+ ones count against the concurrent long-running limit). */
export const SALESFORCE_TIMEOUT_MS = 15_000;

/**
 * Where Salesforce lives for this server. API calls go to each connection's own `instanceUrl`
 * (the token response's `instance_url`); only OAuth goes to the login URL.
 * docs/crm/salesforce.md explains each variable.
 */
export type SalesforceConfig = {
  /** Pinned REST API version ("v67.0": Summer '26). */
  apiVersion: string;
  loginUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  timeoutMs: number;
};

export function salesforceConfig(): SalesforceConfig {
  const e = env();
  return {
    apiVersion: e.SALESFORCE_API_VERSION,
    loginUrl: e.SALESFORCE_LOGIN_URL.replace(/\/+$/, ""),
    clientId: e.SALESFORCE_CLIENT_ID,
    clientSecret: e.SALESFORCE_CLIENT_SECRET,
    timeoutMs: SALESFORCE_TIMEOUT_MS,
  };
}
