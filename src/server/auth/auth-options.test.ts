import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../infra/env/load-env";
import { authOptions } from "./auth-options";

const OIDC = { OIDC_ISSUER: "https://id.example.test/realms/leadline", OIDC_CLIENT_ID: "leadline", OIDC_CLIENT_SECRET: "s3cret" };

afterEach(() => {
  for (const key of Object.keys(OIDC)) delete process.env[key];
  resetEnvCache();
});

describe("sign-in providers", () => {
  it("offers email and password only, by default", () => {
    resetEnvCache();
    expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials"]);
  });

  it("adds an OpenID Connect provider (PKCE + state) purely from environment variables", () => {
    Object.assign(process.env, OIDC);
    resetEnvCache();
    const oidc = authOptions().providers.find((p) => p.id === "oidc") as unknown as { wellKnown: string; clientId: string; checks: string[]; idToken: boolean };
    expect(oidc).toMatchObject({
      wellKnown: "https://id.example.test/realms/leadline/.well-known/openid-configuration",
      clientId: "leadline",
      idToken: true,
      checks: ["pkce", "state"],
    });
  });

  it("refuses a partial OpenID Connect configuration at start-up", () => {
    process.env.OIDC_ISSUER = OIDC.OIDC_ISSUER;
    resetEnvCache();
    expect(() => authOptions()).toThrow(/OIDC_CLIENT_ID/);
  });

  it("keeps only the user id in the session token", async () => {
    resetEnvCache();
    const jwt = authOptions().callbacks!.jwt!;
    const token = await jwt({ token: { email: "a@b.c", name: "Ann" }, user: { id: "u1", email: "a@b.c" }, account: null } as never);
    // The user id and the session version it was issued at (0 for a user with no revocation yet).
    expect(token).toEqual({ uid: "u1", sv: 0 });
  });
});
