/**
 * `npm run dev`: Leadline on embedded defaults. With no DATABASE_URL it serves an embedded
 * PostgreSQL (PGlite) on PGLITE_PORT, applies migrations and runs pg-boss as its owner, connects
 * the app as `leadline_app` (row-level security enforced, as in production), seeds the demo
 * workspace, prints its sign-in and starts Next.js. With DATABASE_URL set it uses that database
 * instead (and MIGRATE_DATABASE_URL, when set, as the owner). Without real platform or CRM
 * credentials it also starts local fakes of them (FAKE_PLATFORMS=false turns that off).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureDevSecrets } from "./lib/dev-secrets";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { asAppRole, migrateDeploy } from "./lib/migrate";

const root = path.resolve(import.meta.dirname, "..");
if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
const dataDir = path.join(root, ".data");
const port = Number(process.env.PORT ?? 3000);

for (const [key, value] of Object.entries(ensureDevSecrets(dataDir))) process.env[key] ??= value;
process.env.APP_URL ??= `http://localhost:${port}`;
process.env.NEXTAUTH_URL ??= process.env.APP_URL;
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

let stopEmbedded: (() => Promise<void>) | undefined;
if (!process.env.DATABASE_URL) {
  const pgPort = Number(process.env.PGLITE_PORT ?? 5433);
  // Outside the watched source tree: PGlite writes constantly, and Next's dev watcher would
  // recompile and reload the browser on every write. node_modules/.cache is never watched.
  const dir = process.env.PGLITE_DATA_DIR ?? path.join(root, "node_modules", ".cache", "leadline", "pglite");
  const embedded = await startEmbeddedPostgres({ dataDir: dir, port: pgPort }).catch((error: unknown) => {
    console.error(`Could not start the embedded database on port ${pgPort} (${error instanceof Error ? error.message : error}). Set PGLITE_PORT to a free port or DATABASE_URL to a PostgreSQL server.`);
    process.exit(1);
  });
  stopEmbedded = embedded.stop;
  process.env.MIGRATE_DATABASE_URL = embedded.url;
  process.env.DATABASE_URL = asAppRole(embedded.url);
  process.env.DATABASE_POOL_MAX ??= "8";
  console.log(`Embedded PostgreSQL (PGlite) on 127.0.0.1:${pgPort}, data in ${path.relative(root, dir)}/`);
}

await migrateDeploy(process.env.MIGRATE_DATABASE_URL ?? process.env.DATABASE_URL);
console.log("Migrations applied.");

// The app's own pool must not bypass row-level security (start-up checks it again).
const { assertAppRole } = await import("../src/server/infra/db/assert-app-role");
const { dbPool, disconnectDb } = await import("../src/server/infra/db/client");
try {
  await assertAppRole(dbPool());
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopEmbedded?.();
  process.exit(1);
}

// Local fakes of Facebook/Instagram and X, so "Connect" on Settings -> Channels works with no
// platform app: consent pages, tokens, webhooks and polling all speak the real wire format.
// Skipped when real credentials are configured, or with FAKE_PLATFORMS=false.
let stopFakes: (() => Promise<void>) | undefined;
if (process.env.FAKE_PLATFORMS !== "false" && !process.env.META_APP_SECRET && !process.env.X_CLIENT_ID) {
  try {
    const { startDemoFakes } = await import("../tests/fakes/meta/demo");
    const fakes = await startDemoFakes({ webhookUrl: `${process.env.APP_URL}/api/webhooks/facebook` });
    for (const [key, value] of Object.entries(fakes.env)) process.env[key] = value;
    const stopChatter = fakes.startChatter(Number(process.env.FAKE_PLATFORMS_CHATTER_MS ?? 20_000));
    stopFakes = async () => {
      stopChatter();
      await fakes.close();
    };
    console.log(`Fake Facebook/Instagram (${fakes.meta.url}) and X (${fakes.x.url}) are running: connect them under Settings -> Channels.`);
  } catch (error) {
    console.warn(`Platform fakes not started (${error instanceof Error ? error.message : String(error)}); Settings -> Channels will show them unconfigured.`);
  }
}

// Local fakes of HubSpot, Salesforce and Pipedrive, so "Connect <CRM>" on Settings -> CRM works
// with no CRM account: consent page, tokens, upserts, notes and outcomes in the real wire format.
// One per CRM whose client id is unset; none with FAKE_PLATFORMS=false.
let stopCrmFakes: (() => Promise<void>) | undefined;
{
  const { crmFakesToStart, startCrmDemoFakes } = await import("../tests/fakes/crm-demo");
  const only = crmFakesToStart(process.env);
  if (only.length > 0) {
    try {
      const fakes = await startCrmDemoFakes({ appUrl: process.env.APP_URL, only });
      for (const [key, value] of Object.entries(fakes.env)) process.env[key] = value;
      stopCrmFakes = fakes.close;
      console.log(fakes.summary);
    } catch (error) {
      console.warn(`CRM fakes not started (${error instanceof Error ? error.message : String(error)}); Settings -> CRM will show them unconfigured.`);
    }
  }
}

if (process.env.DEMO_SEED !== "false") {
  const { seedDemoWorkspace } = await import("../src/server/demo/seed-demo-workspace");
  const seeded = await seedDemoWorkspace();
  const lines = [
    "",
    "  Leadline demo workspace: Demo Coffee Co.",
    `  Sign in at ${process.env.APP_URL}/sign-in with any of:`,
    ...seeded.users.map((u) => `    ${u.role.padEnd(6)}  ${u.email}`),
    `  Password: ${seeded.password}`,
    `  Then open ${process.env.APP_URL}/demo to play the customer.`,
    "",
  ];
  console.log(lines.join("\n"));
}
await disconnectDb();

const next = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "dev", "--port", String(port)], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});

async function shutdown(code: number) {
  next.kill("SIGTERM");
  await stopFakes?.();
  await stopCrmFakes?.();
  await stopEmbedded?.();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
next.on("exit", (code) => void shutdown(code ?? 0));
