import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { createServer } from "node:net";

export type DevServer = { baseUrl: string; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("could not pick a free port");
  return address.port;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: next dev forks its own workers
  } catch {
    // already gone
  }
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next dev exited with code ${child.exitCode}; see ${logPath}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
      if (res.ok) return;
    } catch {
      // not listening yet, or still compiling
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${baseUrl}/api/health did not answer 200 within ${timeoutMs} ms; see ${logPath}`);
}

/**
 * Starts `next dev` in its own process group with exactly the given environment (nothing from
 * the caller's shell leaks in: no OIDC, Upstash or model keys), waits for /api/health.
 */
export async function startNextDev(opts: { port: number; env: NodeJS.ProcessEnv; logPath: string }): Promise<DevServer> {
  const baseUrl = `http://localhost:${opts.port}`;
  const log = createWriteStream(opts.logPath);
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "--port", String(opts.port)], {
    cwd: process.cwd(),
    env: opts.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const stop = async () => {
    killGroup(child, "SIGTERM");
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, "exit").then(() => undefined);
    const timer = new Promise((r) => setTimeout(r, 5_000));
    await Promise.race([exited, timer]);
    killGroup(child, "SIGKILL");
    log.end();
  };

  try {
    await waitForHealth(baseUrl, child, opts.logPath, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop };
}

/** Requests each route once so Turbopack compiles it before the timed journey starts. */
export async function warmRoutes(baseUrl: string, paths: string[]): Promise<void> {
  for (const path of paths) {
    await fetch(`${baseUrl}${path}`, { redirect: "manual", signal: AbortSignal.timeout(90_000) }).catch(() => undefined);
  }
}
