import { describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/auth-options";
import { createUser } from "../helpers/factories";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

function credentialsAuthorize(): Authorize {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize;
}

describe("sign-in rate limits", () => {
  it("blocks an account after repeated attempts, whatever the IP, and says so", async () => {
    const { email } = await createUser("limited");
    const authorize = credentialsAuthorize();
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const headers = { "x-forwarded-for": `198.51.100.${i}` };
      outcomes.push(await authorize({ email, password: "wrong-password-1" }, { headers }).then((u) => (u ? "user" : "null"), (e: Error) => e.message));
    }
    expect(outcomes.slice(0, 5)).toEqual(["null", "null", "null", "null", "null"]);
    expect(outcomes.at(-1)).toMatch(/Too many sign-in attempts/);
    // Even the right password is refused while the account is locked out.
    await expect(authorize({ email, password: "correct-horse-9" }, { headers: { "x-forwarded-for": "198.51.100.99" } })).rejects.toThrow(/Too many/);
  });

  it("blocks an IP that tries many accounts", async () => {
    const authorize = credentialsAuthorize();
    const results: string[] = [];
    for (let i = 0; i < 12; i++) {
      results.push(await authorize({ email: `nobody${i}@example.test`, password: "x" }, { headers: { "x-forwarded-for": "203.0.113.200" } }).then(() => "ok", (e: Error) => e.message));
    }
    expect(results.filter((r) => /Too many/.test(r)).length).toBeGreaterThan(0);
  });
});

describe("health", () => {
  it("reports the database up", async () => {
    const { GET } = await import("@/app/api/health/route");
    const res = await GET(new Request("http://x/api/health"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", checks: { database: { ok: true } } });
  });
});
