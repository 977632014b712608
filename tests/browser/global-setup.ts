import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { asAppRole } from "../../scripts/lib/migrate";
import { startOutageProxy } from "./db-outage-proxy";
import { createE2eDatabase } from "./e2e-database";
import { freePort, startNextDev, warmRoutes } from "./next-dev-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    screenshotDir: string;
    /** POST `${dbControlUrl}/down` (or `/up`) to cut the app off from PostgreSQL. */
    dbControlUrl: string;
    /** Where the app expects the Meta and X fakes, and their app credentials (a test starts them). */
    platformFakes: PlatformFakesConfig;
  }
}

export type PlatformFakesConfig = { metaPort: number; xPort: number; metaAppId: string; metaAppSecret: string; xClientId: string; xClientSecret: string };

const SCREENSHOT_DIR = path.resolve("test-output/browser");

const WARM_PATHS = ["/", "/sign-up", "/confirm-email", "/sign-in", "/onboarding", "/inbox", "/settings", "/settings/team", "/audit", "/invite/warm-up", "/api/auth/providers", "/api/auth/csrf", "/api/trpc/workspace.mine"];

/** The app reaches the database through a proxy that tests can switch off (outage tests). */
function throughProxy(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}

/** Fresh database + `next dev` for the browser journeys; all of it is removed afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const database = await createE2eDatabase();
  const owner = new URL(database.ownerUrl);
  const proxy = await startOutageProxy({ host: owner.hostname, port: Number(owner.port || 5432) });
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  // The app is pointed at platform fakes that a test file starts on these ports (its own process
  // drives them: consent pages, customer messages); the other tests never reach them.
  const fakes: PlatformFakesConfig = {
    metaPort: await freePort(), xPort: await freePort(), metaAppId: "5550001112223334", metaAppSecret: randomBytes(16).toString("hex"),
    xClientId: `e2e-${randomBytes(6).toString("hex")}`, xClientSecret: randomBytes(24).toString("base64url"),
  };
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "development",
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    DATABASE_URL: throughProxy(asAppRole(database.ownerUrl), proxy.port),
    MIGRATE_DATABASE_URL: database.ownerUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXTAUTH_URL: appUrl,
    APP_URL: appUrl,
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    BLIND_INDEX_KEY: randomBytes(32).toString("base64url"),
    DEMO_SEED: "false",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    // Each browser context presents its own X-Forwarded-For (tests/browser/browser.ts): the
    // test plays the one trusted proxy, so per-IP limits never couple separate tests.
    TRUST_PROXY: "1",
    META_APP_ID: fakes.metaAppId,
    META_APP_SECRET: fakes.metaAppSecret,
    META_GRAPH_URL: `http://127.0.0.1:${fakes.metaPort}`,
    META_DIALOG_URL: `http://127.0.0.1:${fakes.metaPort}`,
    X_CLIENT_ID: fakes.xClientId,
    X_CLIENT_SECRET: fakes.xClientSecret,
    X_API_URL: `http://127.0.0.1:${fakes.xPort}`,
    X_AUTHORIZE_URL: `http://127.0.0.1:${fakes.xPort}/i/oauth2/authorize`,
  };

  let server;
  try {
    server = await startNextDev({ port, env, logPath: path.join(SCREENSHOT_DIR, "next-dev.log") });
    await warmRoutes(server.baseUrl, WARM_PATHS);
  } catch (error) {
    await proxy.close();
    await database.drop();
    throw error;
  }

  project.provide("baseUrl", server.baseUrl);
  project.provide("screenshotDir", SCREENSHOT_DIR);
  project.provide("dbControlUrl", proxy.controlUrl);
  project.provide("platformFakes", fakes);

  const running = server;
  return async () => {
    await running.stop();
    await proxy.close();
    await database.drop();
  };
}
