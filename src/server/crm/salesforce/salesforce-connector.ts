import { z } from "zod";
import type { CrmCallContext, CrmConnector, CrmCredentials, CrmLimits } from "../crm-connector";
import { checkLeadSetup, describeLead, mappableFields } from "./lead-describe";
import { attachNotes } from "./lead-notes";
import { pullLeadOutcomes } from "./lead-outcomes";
import { SALESFORCE_DEFAULT_MAPPING } from "./lead-record";
import { SALESFORCE_BATCH_SIZE, upsertLeads } from "./lead-upsert";
import { salesforceSession } from "./salesforce-client";
import { salesforceConfig, type SalesforceConfig } from "./salesforce-config";
import { salesforceSettings } from "./salesforce-settings";
import { queryAll } from "./soql-query";

/** Scopes the External Client App must allow: REST API access, and refresh tokens for a server that syncs unattended. */
export const SALESFORCE_SCOPES = ["api", "refresh_token"];

/**
 * A Developer Edition org's daily allocation; Enterprise orgs get 100,000 + 1,000 per licence.
 * `salesforceLimits(metadata.dailyRequests)` uses the org's own figure when the admin gave it.
 */
export const DEFAULT_DAILY_REQUESTS = 15_000;

/**
 * Salesforce has no per-second cap on REST calls, only the daily allocation and 25 concurrent
 * calls running 20 s or longer. Leadline calls one at a time per connection and paces itself to
 * 10 a second, so it never crowds the org's other integrations.
 */
export const SALESFORCE_LIMITS: CrmLimits = { batchSize: SALESFORCE_BATCH_SIZE, burst: { requests: 10, perMs: 1000 }, dailyRequests: DEFAULT_DAILY_REQUESTS };

export function salesforceLimits(metadata: Record<string, string>): CrmLimits {
  const daily = salesforceSettings({ connectionId: "", accessToken: "", metadata: { instanceUrl: "https://limits.invalid", ...metadata } }).dailyRequests;
  return { ...SALESFORCE_LIMITS, dailyRequests: daily ?? DEFAULT_DAILY_REQUESTS };
}

const organizationRow = z.object({ Id: z.string(), Name: z.string().nullable() });

/** `config` is read on every call (tests shorten the timeout); production uses the environment. */
export function createSalesforceConnector(config: () => SalesforceConfig = salesforceConfig): CrmConnector {
  const session = (creds: CrmCredentials, ctx: CrmCallContext) => salesforceSession(creds, ctx, config());
  return {
    provider: "SALESFORCE",
    label: "Salesforce",
    auth: { kind: "oauth", scopes: SALESFORCE_SCOPES },
    limits: SALESFORCE_LIMITS,
    // The org's own daily allocation when the admin gave it (metadata.dailyRequests).
    limitsFor: salesforceLimits,
    defaultMapping: SALESFORCE_DEFAULT_MAPPING,

    async testConnection(creds, ctx) {
      // A REST query (not /userinfo): a refused token answers the usual 401 INVALID_SESSION_ID, and the org's name labels the connection.
      const s = session(creds, ctx);
      const [org] = await queryAll(s, "SELECT Id, Name FROM Organization LIMIT 1", organizationRow, "organization");
      const host = new URL(s.settings.instanceUrl).host;
      return { account: org?.Name ? `${org.Name} (${host})` : host };
    },

    async listFields(creds, ctx) {
      return mappableFields(await describeLead(session(creds, ctx)));
    },

    async prepare(creds, mapping, ctx) {
      const s = session(creds, ctx);
      const { externalIdField, leadSource, lostStatuses } = s.settings;
      checkLeadSetup(await describeLead(s), { externalIdField, mapping, leadSource, lostStatuses });
    },

    // async: a bad setting (session()) rejects like every other failure instead of throwing synchronously.
    upsert: async (creds, records, mapping, ctx) => upsertLeads(session(creds, ctx), records, mapping),
    attachNotes: async (creds, notes, ctx) => attachNotes(session(creds, ctx), notes),
    pullOutcomes: async (creds, cursor, ctx) => pullLeadOutcomes(session(creds, ctx), cursor),
  };
}

export const salesforceConnector: CrmConnector = createSalesforceConnector();
