import type { CrmProvider } from "@/generated/prisma/client";
import type { CrmAuth, CrmConnector, CrmOAuthProvider } from "./crm-connector";
import { hubspotConnector } from "./hubspot/hubspot-connector";
import { hubspotOAuthProvider } from "./hubspot/hubspot-oauth";
import { pipedriveConnector } from "./pipedrive/pipedrive-connector";
import { pipedriveOAuthProvider } from "./pipedrive/pipedrive-oauth";
import { salesforceConnector } from "./salesforce/salesforce-connector";
import { salesforceOAuthProvider } from "./salesforce/salesforce-oauth";
import { webhookConnector } from "./webhook/webhook-connector";

/**
 * Provider -> connector, and OAuth id -> provider. One row per CRM; the sync engine, the token
 * manager and the Settings -> CRM page find everything here.
 */
const CONNECTORS: Partial<Record<CrmProvider, CrmConnector>> = {
  HUBSPOT: hubspotConnector,
  SALESFORCE: salesforceConnector,
  PIPEDRIVE: pipedriveConnector,
  WEBHOOK: webhookConnector,
};

const OAUTH_PROVIDERS: Partial<Record<CrmOAuthProvider["id"], CrmOAuthProvider>> = {
  hubspot: hubspotOAuthProvider,
  salesforce: salesforceOAuthProvider,
  pipedrive: pipedriveOAuthProvider,
};

/** The OAuth provider id of each OAuth CRM (the URL segment of /api/oauth/<id>/...). */
const OAUTH_ID: Partial<Record<CrmProvider, CrmOAuthProvider["id"]>> = { HUBSPOT: "hubspot", SALESFORCE: "salesforce", PIPEDRIVE: "pipedrive" };

/** Throws for a provider without a connector: a connection row naming one is a deployment error, not user input. */
export function crmConnectorFor(provider: CrmProvider): CrmConnector {
  const connector = CONNECTORS[provider];
  if (!connector) throw new Error(`No CRM connector for ${provider}`);
  return connector;
}

/** Null for an unknown id (it comes from a URL). */
export function crmOAuthProviderFor(id: string): CrmOAuthProvider | null {
  return Object.hasOwn(OAUTH_PROVIDERS, id) ? (OAUTH_PROVIDERS[id as CrmOAuthProvider["id"]] ?? null) : null;
}

/** The OAuth provider that refreshes `provider`'s tokens, null for token / webhook CRMs. */
export function crmOAuthProviderForProvider(provider: CrmProvider): CrmOAuthProvider | null {
  const id = OAUTH_ID[provider];
  return id ? crmOAuthProviderFor(id) : null;
}

export type CrmProviderInfo = {
  provider: CrmProvider;
  label: string;
  auth: CrmAuth;
  /** OAuth CRMs: this server has the client id and secret (reads the environment). Token and webhook CRMs: always true. */
  configured(): boolean;
};

/** Every CRM this server can connect, for the Settings -> CRM page. */
export const CRM_PROVIDERS: readonly CrmProviderInfo[] = (Object.values(CONNECTORS) as CrmConnector[]).map((c) => ({
  provider: c.provider,
  label: c.label,
  auth: c.auth,
  configured: () => (c.auth.kind === "oauth" ? (crmOAuthProviderForProvider(c.provider)?.configured() ?? false) : true),
}));
