import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Counts scrypt work: the limiter must refuse before any password is hashed or verified. The
// check itself answers "wrong" at once: fourteen real 32 MB verifications on a loaded machine
// can outlast the per-minute window being tested, and no password here is right anyway.
vi.mock("@/server/infra/crypto/password", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/infra/crypto/password")>();
  return { ...original, hashPassword: vi.fn(original.hashPassword), verifyPassword: vi.fn(async () => false) };
});

const { hashPassword, verifyPassword } = await import("@/server/infra/crypto/password");
const { authOptions } = await import("@/server/auth/auth-options");
const { createTrpcContext } = await import("@/server/api/context");
const { createCaller } = await import("@/server/api/root");
const { resetEnvCache } = await import("@/server/infra/env/load-env");
const { resetPorts } = await import("@/server/infra/runtime/ports");
const { uniqueEmail } = await import("../helpers/factories");

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = () => (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

/** A forged, never-repeated leftmost X-Forwarded-For entry in front of the real proxy's entry. */
const forged = (i: number) => `198.18.${Math.floor(i / 250)}.${i % 250}, 10.0.0.1`;

async function signUpAs(xff: string) {
  const req = new Request("http://localhost/api/trpc/account.signUp", { method: "POST", headers: { "x-forwarded-for": xff } });
  const ctx = await createTrpcContext({ req, resHeaders: new Headers() });
  return createCaller(ctx).account.signUp({ name: "Rotator", email: uniqueEmail("rot"), password: "correct-horse-9" }).then(
    () => "created",
    (e: { code?: string }) => e.code ?? "error",
  );
}

beforeEach(() => {
  resetPorts(); // a fresh in-process limiter per case
  vi.mocked(hashPassword).mockClear();
  vi.mocked(verifyPassword).mockClear();
});

afterEach(() => {
  delete process.env.TRUST_PROXY;
  resetEnvCache();
});

describe("client address behind proxies (issue 11, finding 2)", () => {
  it("still limits sign-in per IP when every attempt forges a fresh leftmost X-Forwarded-For", async () => {
    process.env.TRUST_PROXY = "1";
    resetEnvCache();
    const login = authorize();
    const outcomes: string[] = [];
    for (let i = 0; i < 14; i++) {
      // A different account each time, so only the per-IP limit (10/min) can stop this.
      outcomes.push(await login({ email: uniqueEmail(`spray${i}`), password: "wrong-password-1" }, { headers: { "x-forwarded-for": forged(i) } }).then(() => "ok", (e: Error) => e.message));
    }
    expect(outcomes.slice(0, 10).every((o) => o === "ok")).toBe(true);
    expect(outcomes.slice(10).every((o) => /Too many sign-in attempts/.test(o))).toBe(true);
    // The refused attempts never reached scrypt.
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(10);
  });

  it("keeps clients apart by the address the trusted proxy saw", async () => {
    process.env.TRUST_PROXY = "1";
    resetEnvCache();
    const login = authorize();
    for (let i = 0; i < 10; i++) await login({ email: uniqueEmail("a"), password: "x-password-1" }, { headers: { "x-forwarded-for": "203.0.113.1" } });
    await expect(login({ email: uniqueEmail("a"), password: "x-password-1" }, { headers: { "x-forwarded-for": "203.0.113.1" } })).rejects.toThrow(/Too many/);
    await expect(login({ email: uniqueEmail("b"), password: "x-password-1" }, { headers: { "x-forwarded-for": "203.0.113.2" } })).resolves.toBeNull();
  });

  it("limits sign-up per IP under rotation and refuses before hashing the password", async () => {
    process.env.TRUST_PROXY = "1";
    resetEnvCache();
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) outcomes.push(await signUpAs(forged(i)));
    expect(outcomes).toEqual(["created", "created", "created", "created", "created", "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    expect(vi.mocked(hashPassword)).toHaveBeenCalledTimes(5);
  });

  it("with the default (TRUST_PROXY=0) forged headers all share one limit", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) outcomes.push(await signUpAs(`198.19.0.${i}`));
    expect(outcomes.at(-1)).toBe("TOO_MANY_REQUESTS");
    expect(vi.mocked(hashPassword)).toHaveBeenCalledTimes(5);
  });

  it("refuses a bad TRUST_PROXY at start-up with the variable's name", async () => {
    const { parseEnv } = await import("@/server/infra/env/load-env");
    expect(() => parseEnv({ ...process.env, TRUST_PROXY: "many" })).toThrow(/TRUST_PROXY/);
    expect(parseEnv({ ...process.env, TRUST_PROXY: "vercel" }).TRUST_PROXY).toBe("vercel");
    expect(parseEnv({ ...process.env, TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
  });
});
