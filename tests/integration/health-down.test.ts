import { describe, expect, it } from "vitest";

// This file's process points the app at a database that is not there.
process.env.DATABASE_URL = "postgresql://leadline_app@127.0.0.1:1/nowhere";

describe("health with the database down", () => {
  it("answers 503 and names the failing dependency without leaking the connection string", async () => {
    const { GET } = await import("@/app/api/health/route");
    const res = await GET(new Request("http://x/api/health"));
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({ status: "degraded", checks: { database: { ok: false } } });
    expect(JSON.stringify(body)).not.toContain("127.0.0.1:1");
  });

  it("turns a database outage in an API call into the generic error shape, not a stack", async () => {
    const { callerFor } = await import("../helpers/factories");
    const err = await callerFor("u1", "ws_x").workspace.current().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
  });
});
