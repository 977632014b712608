import type { CrmProvider } from "@/generated/prisma/client";
import { CRM_PROVIDERS, crmConnectorFor, crmOAuthProviderForProvider } from "../crm-registry";
import type { FieldMapping } from "../crm-connector";
import { crmOAuthIdOf } from "./crm-oauth-ids";

export type CrmProviderOption = {
  provider: CrmProvider;
  label: string;
  /** OAuth: the start route, and whether this server has the client id and secret. */
  oauth: { configured: boolean; startUrl: string; scopes: string[] } | null;
  /** An API token pasted by the admin (Pipedrive), with where to find it. */
  apiToken: { hint: string } | null;
  /** A URL Leadline posts signed batches to. */
  webhook: boolean;
  defaultMapping: FieldMapping;
};

/**
 * The CRMs this server can connect and how. Pipedrive connects with a personal API token, and
 * with OAuth as well when this server has its client id and secret.
 */
export function listCrmProviders(): CrmProviderOption[] {
  return CRM_PROVIDERS.map((info) => {
    const connector = crmConnectorFor(info.provider);
    const oauthId = crmOAuthIdOf(info.provider);
    const oauthProvider = crmOAuthProviderForProvider(info.provider);
    // A token CRM (Pipedrive) offers OAuth too, but only once this server has its client: otherwise the token form is the way.
    const oauth = oauthId && (info.auth.kind === "oauth" || oauthProvider?.configured())
      ? { configured: oauthProvider?.configured() ?? false, startUrl: `/api/oauth/${oauthId}/start`, scopes: info.auth.kind === "oauth" ? info.auth.scopes : [] }
      : null;
    return {
      provider: info.provider,
      label: info.label,
      oauth,
      apiToken: info.auth.kind === "apiToken" ? { hint: info.auth.hint } : null,
      webhook: info.auth.kind === "webhook",
      defaultMapping: connector.defaultMapping,
    };
  });
}
