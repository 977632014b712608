/**
 * `npm run bench:pipeline -- [--messages N] [--rate R] [--db embedded|postgres|both] ...`
 *
 * Pushes N demo messages through webhook -> queue -> agents (local models) -> send, per
 * database in its own worker process: a throughput run (unlimited offered rate, or --rate) and
 * a latency run at --latency-rate (50/s), with a same-run baseline of bare INSERTs. Prints a
 * table; exit code 1 when a worker failed. Stops by itself (--timeout-seconds) and cleans up.
 */
import { parseBenchArgs, USAGE } from "./bench-options";
import { orchestrate } from "./orchestrate";
import { runWorker } from "./run-worker";

const { options, worker, help } = parseBenchArgs(process.argv.slice(2));
if (help) {
  console.log(USAGE);
} else if (worker) {
  await runWorker(options, worker);
  process.exit(0); // pg-boss and pg timers must not keep a finished worker alive
} else {
  process.exitCode = await orchestrate(options);
}
