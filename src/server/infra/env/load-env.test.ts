import { createRequire } from "node:module";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env, EnvError, parseEnv, resetEnvCache } from "./load-env";

const base = {
  DATABASE_URL: "postgresql://app@127.0.0.1/db",
  NEXTAUTH_SECRET: "s".repeat(32),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString("base64")}`,
  BLIND_INDEX_KEY: "b".repeat(32),
};

function problems(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
}

describe("environment", () => {
  it("accepts a minimal configuration with defaults", () => {
    const env = parseEnv(base);
    expect(env.INTENT_MODELS).toBe("local");
    expect(env.APP_URL).toBe("http://localhost:3000");
  });

  it("names each missing or malformed variable", () => {
    const found = problems({ ...base, DATABASE_URL: "mysql://x", NEXTAUTH_SECRET: "short" });
    expect(found.join("\n")).toMatch(/DATABASE_URL: must be a postgres/);
    expect(found.join("\n")).toMatch(/NEXTAUTH_SECRET: must be at least 32/);
    expect(problems({}).map((p) => p.split(":")[0])).toEqual(expect.arrayContaining(["DATABASE_URL", "NEXTAUTH_SECRET", "ENCRYPTION_KEYS", "BLIND_INDEX_KEY"]));
  });

  it("refuses a partial QStash or Upstash configuration instead of silently falling back", () => {
    expect(problems({ ...base, QSTASH_TOKEN: "t" }).join("\n")).toMatch(/QSTASH_CURRENT_SIGNING_KEY: required because QSTASH_TOKEN is set/);
    expect(problems({ ...base, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079" }).join("\n")).toMatch(/UPSTASH_REDIS_REST_TOKEN/);
    expect(problems({ ...base, OIDC_ISSUER: "https://id.example.com" }).join("\n")).toMatch(/OIDC_CLIENT_ID/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ ...base, QSTASH_TOKEN: "", OPENAI_API_KEY: "" }).QSTASH_TOKEN).toBeUndefined();
  });

  it("defaults NEXTAUTH_URL to APP_URL, and keeps an explicit one", () => {
    expect(parseEnv({ ...base, APP_URL: "https://app.leadline.test" }).NEXTAUTH_URL).toBe("https://app.leadline.test");
    expect(parseEnv(base).NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(parseEnv({ ...base, APP_URL: "https://app.leadline.test", NEXTAUTH_URL: "https://auth.leadline.test" }).NEXTAUTH_URL).toBe("https://auth.leadline.test");
  });

  it("has documented defaults for the operator cost limits", () => {
    expect(parseEnv(base)).toMatchObject({ WORKSPACES_PER_ACCOUNT_PER_DAY: 5, WORKSPACES_PER_ACCOUNT_MAX: 25, NEW_WORKSPACE_AI_BUDGET_USD: 20 });
    expect(parseEnv({ ...base, NEW_WORKSPACE_AI_BUDGET_USD: "0", WORKSPACES_PER_ACCOUNT_MAX: "3" })).toMatchObject({ NEW_WORKSPACE_AI_BUDGET_USD: 0, WORKSPACES_PER_ACCOUNT_MAX: 3 });
    expect(problems({ ...base, NEW_WORKSPACE_AI_BUDGET_USD: "-1", WORKSPACES_PER_ACCOUNT_PER_DAY: "0" }).map((p) => p.split(":")[0]).sort()).toEqual([
      "NEW_WORKSPACE_AI_BUDGET_USD",
      "WORKSPACES_PER_ACCOUNT_PER_DAY",
    ]);
  });
});

/** next-auth's own origin detection (not in its package exports), as its route handler runs it. */
const { detectOrigin } = createRequire(import.meta.url)(join(process.cwd(), "node_modules/next-auth/utils/detect-origin.js")) as {
  detectOrigin: (forwardedHost: string, protocol: string) => string | undefined;
};

describe("NEXTAUTH_URL for next-auth", () => {
  const saved = { app: process.env.APP_URL, nextauth: process.env.NEXTAUTH_URL };
  afterEach(() => {
    for (const [key, value] of [["APP_URL", saved.app], ["NEXTAUTH_URL", saved.nextauth]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetEnvCache();
  });

  it("is written to process.env from APP_URL, so next-auth (which reads it there) never falls back to localhost", () => {
    process.env.APP_URL = "https://app.leadline.test";
    delete process.env.NEXTAUTH_URL;
    resetEnvCache();
    // What next-auth does under `next start` without NEXTAUTH_URL: no origin at all (then localhost:3000).
    expect(detectOrigin("evil.example", "https")).toBeUndefined();
    expect(env().NEXTAUTH_URL).toBe("https://app.leadline.test");
    expect(process.env.NEXTAUTH_URL).toBe("https://app.leadline.test");
    expect(detectOrigin("evil.example", "https")).toBe("https://app.leadline.test");
  });

  it("leaves an explicit NEXTAUTH_URL alone", () => {
    process.env.APP_URL = "https://app.leadline.test";
    process.env.NEXTAUTH_URL = "https://auth.leadline.test";
    resetEnvCache();
    expect(env().NEXTAUTH_URL).toBe("https://auth.leadline.test");
    expect(process.env.NEXTAUTH_URL).toBe("https://auth.leadline.test");
  });
});
