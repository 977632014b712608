import { describe, expect, it } from "vitest";

// This file's process points the app at a database that is not there.
process.env.DATABASE_URL = "postgresql://leadline_app@127.0.0.1:1/nowhere";
process.env.META_APP_SECRET = "channel-updates-db-down-secret";

describe("platform updates with the database down", () => {
  it("answers 5xx so Meta redelivers: nothing is acknowledged that was not applied", async () => {
    const { resetEnvCache } = await import("@/server/infra/env/load-env");
    resetEnvCache();
    const { POST } = await import("@/app/api/webhooks/[platform]/route");
    const { metaJson, signMetaBody } = await import("../fakes/meta/deliver-webhook");
    const { messageEdit } = await import("../fakes/meta/webhook-payloads");
    const raw = metaJson(messageEdit({ accountId: "1299", customerId: "2101", mid: "m_down", text: "edited while the database is down" }));
    const headers = new Headers({ "content-type": "application/json", "x-hub-signature-256": signMetaBody(raw, "channel-updates-db-down-secret").sha256 });
    const res = await POST(new Request("http://localhost/api/webhooks/facebook", { method: "POST", body: raw, headers }), { params: Promise.resolve({ platform: "facebook" }) });
    expect(res.status).toBeGreaterThanOrEqual(500);
    const body = await res.text();
    expect(body).not.toContain("edited while the database is down");
    expect(body).not.toContain("127.0.0.1:1");
  });
});
