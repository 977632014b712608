import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const root = path.resolve(import.meta.dirname, "../..");
/** Its own build folder, so the bench never fights `next dev` or another build over .next. */
export const DIST_DIR = ".next/bench-ingest";
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;

function runNext(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: root, env: { ...env, NEXT_DIST_DIR: DIST_DIR }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args.join(" ")} exited with ${code}:\n${output}`))));
  });
}

/**
 * A production build into DIST_DIR, in Next's two documented steps (compile, then generate),
 * which leave out the type check: `npm run typecheck` owns that, and work in progress anywhere
 * in the tree (a test file) must not stop a measurement of the server. Same environment as the
 * server, since start-up code runs while building.
 */
export async function buildNext(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  log(`building into ${DIST_DIR} (next build, compile + generate; --reuse-build skips this)`);
  await runNext(["build", "--experimental-build-mode=compile"], env);
  await runNext(["build", "--experimental-build-mode=generate"], env);
}

export function hasBuild(): boolean {
  return existsSync(path.join(root, DIST_DIR, "BUILD_ID"));
}

export type NextServer = { pid: number; port: number; stop: () => Promise<void>; output: () => string };

/**
 * `next start` in its own process group (so stopping it also stops anything it forked),
 * resolved once GET /api/health answers 200.
 */
export async function startNext(env: NodeJS.ProcessEnv, port: number, interrupted: () => boolean): Promise<NextServer> {
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...env, NEXT_DIST_DIR: DIST_DIR, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let exitedYet = false;
  void exited.then(() => (exitedYet = true));

  const stop = async () => {
    if (exitedYet || child.pid === undefined) return;
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig); // the group this script started, by its id
      } catch {
        /* already gone */
      }
    };
    signal("SIGTERM");
    const timer = setTimeout(() => signal("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !interrupted()) {
    if (exitedYet) throw new Error(`next start exited during start-up:\n${output.slice(-4_000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return { pid: child.pid!, port, stop, output: () => output };
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  await stop();
  if (interrupted()) throw new Error("interrupted while next start was starting");
  throw new Error(`next start did not answer /api/health within ${READY_TIMEOUT_MS / 1000} s:\n${output.slice(-4_000)}`);
}
