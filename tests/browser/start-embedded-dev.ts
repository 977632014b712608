import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./next-dev-server";

export type EmbeddedDev = {
  baseUrl: string;
  /** The demo sign-in `npm run dev` printed. */
  demo: { adminEmail: string; password: string };
  stop: () => Promise<void>;
};

/** Build folder of this second `next dev` (Next locks `.next` for the suite's own server). */
const DIST_DIR = ".next/embedded-journey";

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // dev.ts, its embedded database and next dev's workers
  } catch {
    // already gone
  }
}

/** Resolves with the demo sign-in once `npm run dev` printed it (admin e-mail and password). */
function readDemoSignIn(child: ChildProcess, logPath: string): Promise<EmbeddedDev["demo"]> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const admin = /^\s+ADMIN\s+(\S+@\S+)\s*$/m.exec(out);
      const password = /^\s+Password: (\S+)\s*$/m.exec(out);
      if (admin?.[1] && password?.[1]) {
        child.stdout?.off("data", onData);
        resolve({ adminEmail: admin[1], password: password[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`scripts/dev.ts exited with code ${code} before printing the demo sign-in; see ${logPath}`)));
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`scripts/dev.ts exited with code ${child.exitCode}; see ${logPath}`);
    const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(60_000) }).catch(() => null);
    if (res?.ok) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`${baseUrl}/api/health did not answer 200 within ${timeoutMs} ms; see ${logPath}`);
}

/**
 * Runs the real `npm run dev` (`tsx scripts/dev.ts`) as a newcomer would: no DATABASE_URL, so
 * it serves the embedded database (a fresh temporary PGLITE_DATA_DIR), migrates, seeds the
 * demo workspace and starts `next dev` on a free port. Its output goes to `logPath`.
 */
export async function startEmbeddedDev(opts: { logPath: string; timeoutMs: number }): Promise<EmbeddedDev> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), "leadline-newcomer-pglite-"));
  const baseUrl = `http://localhost:${port}`;
  const log = createWriteStream(opts.logPath);
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/dev.ts"], {
    cwd: process.cwd(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      NODE_ENV: "development",
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      PORT: String(port),
      PGLITE_PORT: String(pgPort),
      PGLITE_DATA_DIR: dataDir,
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    },
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const stop = async () => {
    killGroup(child, "SIGTERM");
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, "exit").then(() => undefined);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    killGroup(child, "SIGKILL");
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const printed = readDemoSignIn(child, opts.logPath);
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`scripts/dev.ts printed no demo sign-in within ${opts.timeoutMs} ms; see ${opts.logPath}`)), opts.timeoutMs).unref());
    const demo = await Promise.race([printed, timer]);
    await waitForHealth(baseUrl, child, opts.logPath, opts.timeoutMs);
    return { baseUrl, demo, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
