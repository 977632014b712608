import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./load-env";

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
});
