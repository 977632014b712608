import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubSpotConnector } from "@/server/crm/hubspot/hubspot-connector";
import { hubspotConfig } from "@/server/crm/hubspot/hubspot-config";
import { createHubSpotOAuthProvider } from "@/server/crm/hubspot/hubspot-oauth";
import { runConnectionSync } from "@/server/crm/sync/run-connection-sync";
import { decrypt, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { startHubSpotFake, type HubSpotFake } from "../fakes/hubspot/server";
import { readConnection, readLinks, readRuns, seedWorkspace, testClock } from "./crm-sync-setup";

/**
 * The sync engine with a real connector that has outcomes: HubSpot's, against its fake (batch
 * upsert by the unique leadline_id property, notes, deals closed won / lost, OAuth refresh).
 */
let fake: HubSpotFake;
const config = () => ({ ...hubspotConfig(), apiUrl: fake.url, clientId: "client", clientSecret: "secret" });
const connector = createHubSpotConnector(config);
const oauth = createHubSpotOAuthProvider(config);
const noSleep = async () => undefined;

beforeAll(async () => {
  fake = await startHubSpotFake({ clientId: "client", clientSecret: "secret", limits: { burst: 100, windowMs: 1_000, daily: null } });
});
afterAll(() => fake.close());

async function hubspotConnection(workspaceId: string) {
  const tokens = fake.issueTokens();
  const row = await withTenant({ workspaceId }, (tx) =>
    tx.crmConnection.create({
      data: {
        workspaceId, provider: "HUBSPOT", label: "portal", accessTokenEnc: encrypt(tokens.access_token), refreshTokenEnc: encrypt(tokens.refresh_token),
        tokenExpiresAt: new Date(Date.now() + tokens.expires_in * 1000), metadata: { portalId: "123" },
      },
    }),
  );
  return { id: row.id, tokens };
}

describe("CRM sync with HubSpot (fake)", () => {
  it("upserts leads by leadline_id, brings a closed deal back as WON, and survives a revoked access token", async () => {
    const ws = await seedWorkspace(150, "HubSpot sync");
    const { id, tokens } = await hubspotConnection(ws.workspaceId);
    const clock = testClock();
    const first = await runConnectionSync(ws.workspaceId, id, "CONNECTED", { connector, oauth, sleep: noSleep, now: clock.now });
    expect(first).toMatchObject({ status: "SUCCEEDED", counts: { synced: 150, created: 150, outcomes: 0 } });
    expect(fake.records.size).toBe(150);
    const links = await readLinks(ws.workspaceId, id);
    expect(links.every((l) => l.state === "SYNCED" && l.externalId === fake.records.get(l.leadId)?.id)).toBe(true);
    expect((await readConnection(ws.workspaceId, id)).outcomeCursor).not.toBeNull();

    // A deal on lead 0's contact closes won after the cursor was set.
    fake.closeDeal({ contactId: fake.records.get(ws.leadIds[0]!)!.id, outcome: "WON", at: new Date(Date.now() + 1_000) });
    // The access token is revoked meanwhile: the run refreshes it once and carries on.
    fake.revokeAccessToken(tokens.access_token);
    clock.advance(6 * 60_000);
    const second = await runConnectionSync(ws.workspaceId, id, "SCHEDULED", { connector, oauth, sleep: noSleep, now: clock.now });
    expect(second).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 0, outcomes: 1 } });
    const lead = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.findUniqueOrThrow({ where: { id: ws.leadIds[0]! } }));
    expect(lead.status).toBe("WON");
    expect(fake.records.size).toBe(150);
    expect(decrypt((await readConnection(ws.workspaceId, id)).accessTokenEnc!)).not.toBe(tokens.access_token); // refreshed

    // The verdict does not echo back.
    const upserts = fake.calls["contacts.upsert"];
    await runConnectionSync(ws.workspaceId, id, "SCHEDULED", { connector, oauth, sleep: noSleep, now: clock.now });
    expect(fake.calls["contacts.upsert"]).toBe(upserts);
    const runs = await readRuns(ws.workspaceId, id);
    expect(runs.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    // No OAuth row is left for another file's refresh-tokens run to pick up.
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.crmConnection.delete({ where: { id } }));
  });
});
