import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export type AppProcess = {
  url: string;
  /** What FAULT_SEED_WORKSPACE=1 created, else null. */
  seeded: unknown;
  pid: number;
  /** Resolves with the exit signal or code once the process is gone. */
  exited: Promise<string>;
  kill(signal: NodeJS.Signals): void;
};

/**
 * Starts tests/helpers/run-app-process.ts in its own Node process (tsx) with `env` over the
 * parent's environment, and waits for it to serve. Its stderr is kept for the error message.
 */
export async function startAppProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "tests/helpers/run-app-process.ts")], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? `code ${code}`)));
  const ready = await new Promise<{ url: string; seeded: unknown }>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`app process not ready after ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const line = /READY (\S+) (.*)\n/.exec(out);
      if (line?.[1]) {
        clearTimeout(timer);
        resolve({ url: line[1], seeded: JSON.parse(line[2] ?? "null") as unknown });
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`app process exited (${how}) before it was ready:\n${stderr}`));
    });
  });
  return { ...ready, pid: child.pid ?? -1, exited, kill: (signal) => void child.kill(signal) };
}
