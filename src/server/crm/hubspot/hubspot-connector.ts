/**
 * HubSpot as a CrmConnector: contacts upserted by a unique `leadline_id` property, the
 * conversation as a note, won / lost from closed deals. A typed client over fetch, not
 * @hubspot/api-client: the SDK is a large generated package with its own retry loop, and every
 * request here must pass through the engine's beforeRequest() and map to the contract's errors
 * (docs/crm/hubspot.md).
 */
import { z } from "zod";
import type { CrmConnector, CrmLimits } from "../crm-connector";
import { callHubSpotData } from "./hubspot-client";
import { hubspotConfig, type HubSpotConfig } from "./hubspot-config";
import { DEFAULT_MAPPING } from "./hubspot-contact";
import { createNotes } from "./hubspot-notes";
import { pullDealOutcomes } from "./hubspot-outcomes";
import { listContactProperties, prepareContactProperties, toCrmFields } from "./hubspot-properties";
import { HUBSPOT_BATCH_SIZE, upsertContacts } from "./hubspot-upsert";

export const HUBSPOT_SCOPES = [
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.schemas.contacts.read",
  "crm.schemas.contacts.write",
  "crm.objects.deals.read",
  "oauth",
];

/**
 * OAuth apps get 110 requests / 10 s per installed account, counted per app (the portal's other
 * integrations have their own). The pacer keeps a request in its window from start until 10 s
 * after the answer, so HubSpot's count can never run ahead of ours; we still pace to 108, two
 * requests of margin for however HubSpot's window rounds its edges. OAuth apps have no daily
 * cap; a connection made with a private-app token shares the account's limit and has a daily one
 * by plan (250,000 to 1,000,000): set `burstPer10s` and `dailyRequests` in the connection's
 * metadata, read by hubspotLimitsFor().
 */
export const HUBSPOT_LIMITS: CrmLimits = { batchSize: HUBSPOT_BATCH_SIZE, burst: { requests: 108, perMs: 10_000 }, dailyRequests: null };

const positiveInt = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : null);

export function hubspotLimitsFor(metadata: Record<string, string>): CrmLimits {
  return {
    batchSize: HUBSPOT_BATCH_SIZE,
    burst: { requests: positiveInt(metadata.burstPer10s) ?? HUBSPOT_LIMITS.burst.requests, perMs: 10_000 },
    dailyRequests: positiveInt(metadata.dailyRequests) ?? HUBSPOT_LIMITS.dailyRequests,
  };
}

export const accountDetails = z.object({ portalId: z.number().int(), timeZone: z.string().optional(), uiDomain: z.string().optional() }).passthrough();

export function createHubSpotConnector(config: () => HubSpotConfig = hubspotConfig): CrmConnector & { limitsFor: typeof hubspotLimitsFor } {
  return {
    provider: "HUBSPOT",
    label: "HubSpot",
    auth: { kind: "oauth", scopes: HUBSPOT_SCOPES },
    limits: HUBSPOT_LIMITS,
    limitsFor: hubspotLimitsFor,
    defaultMapping: DEFAULT_MAPPING,
    async testConnection(creds, ctx) {
      const details = await callHubSpotData(config(), creds, ctx, { method: "GET", api: "account-info", rest: "details", operation: "account.details" }, accountDetails);
      return { account: `HubSpot portal ${details.portalId}` };
    },
    async listFields(creds, ctx) {
      return toCrmFields(await listContactProperties(config(), creds, ctx));
    },
    prepare: (creds, mapping, ctx) => prepareContactProperties(config(), creds, mapping, ctx),
    upsert: (creds, records, mapping, ctx) => upsertContacts(config(), creds, records, mapping, ctx),
    attachNotes: (creds, notes, ctx) => createNotes(config(), creds, notes, ctx),
    pullOutcomes: (creds, cursor, ctx) => pullDealOutcomes(config(), creds, cursor, ctx),
  };
}

export const hubspotConnector: CrmConnector = createHubSpotConnector();
