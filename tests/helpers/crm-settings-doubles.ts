/**
 * Test-only: one set of CRM doubles per test process, and the registry with them in place of
 * HubSpot, Salesforce and Pipedrive (the signed webhook stays real). A test file mocks
 * `@/server/crm/crm-registry` with `registryWithDoubles` and scripts the same instances.
 */
import type * as Registry from "../../src/server/crm/crm-registry";
import type { CrmConnector, CrmOAuthProvider } from "../../src/server/crm/crm-connector";
import { createCrmScript, createOAuthScript, scriptedConnector, scriptedOAuthProvider } from "./crm-settings-harness";

export const doubles = {
  pipedrive: createCrmScript("Owen Bikes (Pipedrive)"),
  hubspot: createCrmScript("portal 4242"),
  salesforce: createCrmScript("Owen Bikes Ltd"),
  hubspotOAuth: createOAuthScript(),
  salesforceOAuth: createOAuthScript(),
};

const connectors: Record<"PIPEDRIVE" | "HUBSPOT" | "SALESFORCE", CrmConnector> = {
  PIPEDRIVE: scriptedConnector("PIPEDRIVE", doubles.pipedrive),
  HUBSPOT: scriptedConnector("HUBSPOT", doubles.hubspot),
  SALESFORCE: scriptedConnector("SALESFORCE", doubles.salesforce),
};
const oauth: Partial<Record<string, CrmOAuthProvider>> = {
  hubspot: scriptedOAuthProvider("hubspot", doubles.hubspotOAuth, doubles.hubspot, false),
  salesforce: scriptedOAuthProvider("salesforce", doubles.salesforceOAuth, doubles.salesforce, true),
};
const oauthIdOf = { HUBSPOT: "hubspot", SALESFORCE: "salesforce" } as const;

export function registryWithDoubles(original: typeof Registry): typeof Registry {
  const crmConnectorFor: typeof Registry.crmConnectorFor = (provider) => (provider === "WEBHOOK" ? original.crmConnectorFor(provider) : connectors[provider]);
  const crmOAuthProviderFor: typeof Registry.crmOAuthProviderFor = (id) => oauth[id] ?? null;
  const crmOAuthProviderForProvider: typeof Registry.crmOAuthProviderForProvider = (provider) =>
    provider === "HUBSPOT" || provider === "SALESFORCE" ? (oauth[oauthIdOf[provider]] ?? null) : null;
  const CRM_PROVIDERS = (["HUBSPOT", "SALESFORCE", "PIPEDRIVE", "WEBHOOK"] as const).map((provider) => {
    const c = crmConnectorFor(provider);
    return { provider, label: c.label, auth: c.auth, configured: () => (c.auth.kind === "oauth" ? (crmOAuthProviderForProvider(provider)?.configured() ?? false) : true) };
  });
  return { ...original, crmConnectorFor, crmOAuthProviderFor, crmOAuthProviderForProvider, CRM_PROVIDERS };
}
