/**
 * The CRM fakes in a process of their own, driven over IPC by the benchmark (bench-fakes.ts).
 * A real CRM answers from its own machines: run in the benchmark's process, the fakes' work
 * (they index nothing, so a batch against 10,000 records costs them tens of milliseconds) would
 * block the engine's event loop and be counted as engine time. Here it is latency, as it is
 * in production.
 */
import { performance } from "node:perf_hooks";
import { startHubSpotFake } from "../../tests/fakes/hubspot/server";
import { startSalesforceFake } from "../../tests/fakes/salesforce/server";
import { fakeRequest, type FakeReply, type FakeReport, type FakesConfig, type FakeTokens } from "./fakes-protocol";

const config = JSON.parse(process.argv[2] ?? "{}") as FakesConfig;

const hubspot = config.hubspot ? await startHubSpotFake({ ...config.hubspot.client, limits: config.hubspot.limits }) : null;
let hubspotRefused = 0;
if (hubspot) {
  const hit = hubspot.limits.hit.bind(hubspot.limits);
  hubspot.limits.hit = () => {
    const answer = hit();
    if (answer.refused) hubspotRefused += 1;
    return answer;
  };
}
const salesforce = config.salesforce ? await startSalesforceFake({ ...config.salesforce.client, dailyAllocation: config.salesforce.dailyAllocation }) : null;

let mark = performance.eventLoopUtilization();
const busyMs = () => performance.eventLoopUtilization(mark).active;

function answer(raw: unknown): FakeTokens | FakeReport | null {
  const request = fakeRequest.parse(raw);
  switch (request.type) {
    case "mark":
      mark = performance.eventLoopUtilization();
      return null;
    case "tokens":
      if (request.crm === "hubspot" && hubspot) {
        const tokens = hubspot.issueTokens();
        return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresInSeconds: tokens.expires_in, metadata: { portalId: String(hubspot.store.portal.portalId), timeZone: hubspot.store.portal.timeZone, uiDomain: hubspot.store.portal.uiDomain } };
      }
      if (request.crm === "salesforce" && salesforce) {
        const tokens = salesforce.issueTokens();
        return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresInSeconds: 2 * 3600, metadata: { instanceUrl: new URL(tokens.instance_url).origin, identityUrl: tokens.id } };
      }
      throw new Error(`no ${request.crm} fake`);
    case "report":
      if (request.crm === "hubspot" && hubspot) {
        return {
          calls: { ...hubspot.calls },
          keys: [...hubspot.store.contacts.values()].flatMap((c) => (c.properties.leadline_id ? [c.properties.leadline_id] : [])),
          refused: hubspotRefused,
          createdProperties: [...hubspot.store.properties.values()].filter((p) => p.groupName === "leadline").length,
          busyMs: busyMs(),
        };
      }
      if (request.crm === "salesforce" && salesforce) {
        const calls = { ...salesforce.calls };
        return {
          calls,
          keys: [...salesforce.store.leads.values()].flatMap((l) => (typeof l.fields.Leadline_Id__c === "string" ? [l.fields.Leadline_Id__c] : [])),
          // Requests the org did not count against its allocation: refused (401, 403 REQUEST_LIMIT_EXCEEDED) or faults.
          refused: Object.values(calls).reduce((a, b) => a + b, 0) - salesforce.apiUsage().used,
          createdProperties: 0,
          busyMs: busyMs(),
        };
      }
      throw new Error(`no ${request.crm} fake`);
  }
}

process.on("message", (message: { id: number; request: unknown }) => {
  let reply: FakeReply;
  try {
    reply = { id: message.id, ok: true, body: answer(message.request) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  process.send?.(reply);
});
// The benchmark went away (finished, crashed or killed): so do the fakes.
process.once("disconnect", () => {
  void Promise.all([hubspot?.close(), salesforce?.close()]).finally(() => process.exit(0));
});
process.send?.({ ready: true, urls: { hubspot: hubspot?.url ?? null, salesforce: salesforce?.url ?? null } });
