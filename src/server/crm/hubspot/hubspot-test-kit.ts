/** Shared by the HubSpot tests: a config pointing at the fake, a counting call context, lead records. */
import type { CrmCallContext, CrmLeadRecord } from "../crm-connector";
import type { HubSpotConfig } from "./hubspot-config";

export function fakeConfig(url: string, extra: Partial<HubSpotConfig> = {}): HubSpotConfig {
  return { apiUrl: url, authUrl: `${url}/oauth/authorize`, version: "2026-03", timeoutMs: 2_000, clientId: undefined, clientSecret: undefined, ...extra };
}

export function countingContext(): CrmCallContext & { count: number } {
  const ctx = { count: 0, beforeRequest: async () => void (ctx.count += 1) };
  return ctx;
}

export function leadRecord(n: number, values: Partial<CrmLeadRecord["values"]> = {}): CrmLeadRecord {
  return {
    leadId: `lead-${n}`,
    externalKey: `lead-${n}`,
    externalId: null,
    version: 1,
    values: {
      name: `Ana María ${n}`,
      email: `ana${n}@example.com`,
      phone: null,
      handle: `@ana${n}`,
      platform: "INSTAGRAM",
      tier: "HOT",
      score: 0.87,
      reason: "Asked for the price of the blue bike",
      tags: ["bikes", "price"],
      status: "NEW",
      intent: "sales",
      inboxUrl: `https://leadline.test/inbox/c-${n}`,
      ...values,
    },
  };
}
