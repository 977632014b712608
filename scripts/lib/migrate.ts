import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);

/**
 * Applies prisma/migrations to `ownerUrl` with the Prisma CLI (WASM schema engine). Async on
 * purpose: the embedded PGlite server may live in this same process.
 */
export async function migrateDeploy(ownerUrl: string): Promise<void> {
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  try {
    await execFileAsync(process.execPath, [cli, "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: ownerUrl, MIGRATE_DATABASE_URL: ownerUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      timeout: 120_000,
    });
  } catch (error) {
    const out = error as { stdout?: string; stderr?: string };
    const detail = `${out.stdout ?? ""}\n${out.stderr ?? ""}`.split("\n").filter((l) => /error|fail/i.test(l)).join("\n");
    throw new Error(`prisma migrate deploy failed:\n${detail || String(error)}`);
  }
}

/** The same database reached as the application role created by the RLS migration. */
export function asAppRole(ownerUrl: string, role = "leadline_app"): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = "";
  return url.toString();
}
