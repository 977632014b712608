import { z } from "zod";
import { env } from "../../infra/env/load-env";
import type { CrmCredentials } from "../crm-connector";

/** Where Pipedrive lives for this server (PIPEDRIVE_* variables; the fake in tests). */
export type PipedriveConfig = {
  apiUrl: string;
  oauthUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  timeoutMs: number;
};

export function pipedriveConfig(): PipedriveConfig {
  const e = env();
  const trim = (url: string) => url.replace(/\/+$/, "");
  return { apiUrl: trim(e.PIPEDRIVE_API_URL), oauthUrl: trim(e.PIPEDRIVE_OAUTH_URL), clientId: e.PIPEDRIVE_CLIENT_ID, clientSecret: e.PIPEDRIVE_CLIENT_SECRET, timeoutMs: e.PIPEDRIVE_TIMEOUT_MS };
}

/**
 * Connection metadata this connector reads. OAuth connections carry `authKind: "oauth"` and the
 * `apiDomain` Pipedrive's token endpoint named (https://<company>.pipedrive.com); API-token
 * connections carry nothing (metadata {}). Plan figures are optional (pipedrive-limits.ts).
 */
export const METADATA = { authKind: "authKind", apiDomain: "apiDomain" } as const;

const origin = z.url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");

/** The origin calls go to: the OAuth `api_domain` when the connection has one, else PIPEDRIVE_API_URL. */
export function apiBaseFor(creds: CrmCredentials, config: PipedriveConfig = pipedriveConfig()): string {
  const domain = creds.metadata[METADATA.apiDomain];
  if (domain && origin.safeParse(domain).success) return domain.replace(/\/+$/, "");
  return config.apiUrl;
}

export const usesOAuth = (creds: CrmCredentials) => creds.metadata[METADATA.authKind] === "oauth";
