import { env } from "../../infra/env/load-env";

/**
 * Where HubSpot lives and which API version is pinned (docs/crm/hubspot.md#versions).
 * `version` is a date version ("2026-03": `/crm/objects/2026-03/contacts`) or "v3" for the legacy
 * numbered paths (`/crm/v3/objects/contacts`); HubSpot ends support for v1-v4 in 2027.
 */
export type HubSpotConfig = {
  apiUrl: string;
  authUrl: string;
  version: string;
  timeoutMs: number;
  clientId: string | undefined;
  clientSecret: string | undefined;
};

/** One call may take this long (a batch of 100 upserts is HubSpot's slowest answer we wait for). */
export const HUBSPOT_TIMEOUT_MS = 15_000;

export function hubspotConfig(): HubSpotConfig {
  const e = env();
  return {
    apiUrl: e.HUBSPOT_API_URL.replace(/\/+$/, ""),
    authUrl: e.HUBSPOT_AUTH_URL,
    version: e.HUBSPOT_API_VERSION,
    timeoutMs: HUBSPOT_TIMEOUT_MS,
    clientId: e.HUBSPOT_CLIENT_ID,
    clientSecret: e.HUBSPOT_CLIENT_SECRET,
  };
}

export type HubSpotApi = "objects" | "properties" | "associations" | "account-info" | "oauth";

/**
 * The path of `rest` in `api` for the pinned version. Date versions put the version after the
 * API name (`/crm/objects/2026-03/...`); legacy numbered ones before it (`/crm/v3/objects/...`),
 * and legacy associations are v4.
 */
export function hubspotPath(version: string, api: HubSpotApi, rest: string): string {
  const legacy = /^v\d+$/.test(version);
  switch (api) {
    case "objects":
    case "properties":
      return legacy ? `/crm/v3/${api}/${rest}` : `/crm/${api}/${version}/${rest}`;
    case "associations":
      return legacy ? `/crm/v4/associations/${rest}` : `/crm/associations/${version}/${rest}`;
    case "account-info":
    case "oauth":
      return `/${api}/${legacy ? "v3" : version}/${rest}`;
  }
}
