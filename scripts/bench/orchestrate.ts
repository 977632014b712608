import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { toArgv, type BenchOptions } from "./bench-options";
import { benchDatabaseName, dropPostgresDatabase } from "./bench-database";
import { formatReport, type WorkerReport } from "./print-table";
import { RESULT_PREFIX } from "./run-worker";

const root = path.resolve(import.meta.dirname, "../..");
const KILL_GRACE_MS = 15_000;
/** Set by Ctrl-C / SIGTERM: the running worker is stopped and no further one starts. */
let interrupted = false;

/** Runs one database's worker process; resolves with its report, or null and why. */
function runWorkerProcess(db: "embedded" | "postgres", options: BenchOptions, dbName: string | undefined, deadline: number): Promise<{ report: WorkerReport | null; error?: string }> {
  const nodeFlags = ["--import", "tsx"];
  if (options.cpuProf) {
    // One file per thread (main and tsx's loader thread), named by Node: CPU.<date>.<pid>.<tid>...
    const dir = path.join(root, ".bench", `cpu-${db}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    nodeFlags.push("--cpu-prof", `--cpu-prof-dir=${dir}`);
    process.stderr.write(`[${db}] CPU profiles go to ${path.relative(root, dir)}/\n`);
  }
  const args = [...nodeFlags, path.join(root, "scripts/bench/pipeline.ts"), "--worker", "--db", db, ...(dbName ? ["--db-name", dbName] : []), ...toArgv(options)];
  return new Promise((resolve) => {
    // The IPC channel is only there so the worker notices if this process dies.
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit", "ipc"] });
    const stop = () => {
      interrupted = true;
      child.kill("SIGTERM");
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    let out = "";
    let timedOut = false;
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (out += d));
    const timer = setTimeout(() => {
      timedOut = true;
      process.stderr.write(`[${db}] overall timeout reached; stopping the worker\n`);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS).unref();
    }, Math.max(1_000, deadline - Date.now()));
    child.on("close", (code) => {
      clearTimeout(timer);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (line) resolve({ report: JSON.parse(line.slice(RESULT_PREFIX.length)) as WorkerReport });
      else resolve({ report: null, error: timedOut ? "timed out" : interrupted ? "interrupted" : `worker exited with code ${code}` });
    });
  });
}

/** Each database in its own process, one after the other (they would compete for the same 2 cores). */
export async function orchestrate(options: BenchOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const dbs = options.db === "both" ? (["postgres", "embedded"] as const) : [options.db];
  const reports: Array<{ db: string; report: WorkerReport | null; error?: string }> = [];
  for (const db of dbs) {
    if (interrupted) break;
    const dbName = db === "postgres" ? benchDatabaseName() : undefined;
    try {
      reports.push({ db, ...(await runWorkerProcess(db, options, dbName, deadline)) });
    } finally {
      // The worker drops its database; this catches a worker that was killed first.
      if (dbName) await dropPostgresDatabase(options.postgresUrl, dbName).catch(() => undefined);
    }
  }
  console.log(`\n${formatReport(reports, options.messages)}`);
  if (interrupted) return 130;
  return reports.every((r) => r.report) ? 0 : 1;
}
