import { afterEach, describe, expect, it, vi } from "vitest";
import { disconnectDb } from "./infra/db/client";
import { resetEnvCache } from "./infra/env/load-env";
import { registerNode } from "./start-server";

const appUrl = process.env.DATABASE_URL!;

class Exited extends Error {
  constructor(readonly code: number | undefined) {
    super(`process.exit(${code})`);
  }
}

/** Runs registerNode with DATABASE_URL = `url`; returns what it printed before exiting. */
async function startWith(url: string): Promise<{ code: number | undefined; printed: string }> {
  process.env.DATABASE_URL = url;
  resetEnvCache();
  await disconnectDb();
  const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
    throw new Exited(typeof code === "number" ? code : undefined);
  });
  const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    await registerNode();
    return { code: undefined, printed: "" };
  } catch (error) {
    if (!(error instanceof Exited)) throw error;
    return { code: error.code, printed: printed.mock.calls.map((c) => String(c[0])).join("\n") };
  } finally {
    exit.mockRestore();
    printed.mockRestore();
  }
}

afterEach(async () => {
  process.env.DATABASE_URL = appUrl;
  resetEnvCache();
  await disconnectDb();
});

describe("server start-up", () => {
  it("exits 1 naming the fix when DATABASE_URL is a superuser", async () => {
    const { code, printed } = await startWith(process.env.MIGRATE_DATABASE_URL!);
    expect(code).toBe(1);
    expect(printed).toMatch(/bypasses row-level security.*leadline_app.*MIGRATE_DATABASE_URL/s);
  });

  it("exits 1 with a clear message when the database is down", async () => {
    const { code, printed } = await startWith("postgresql://leadline_app@127.0.0.1:1/nowhere");
    expect(code).toBe(1);
    expect(printed).toMatch(/Could not check the database role of DATABASE_URL/);
  });
});
