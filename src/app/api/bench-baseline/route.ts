import { withPublicRoute } from "@/server/access/with-public-route";
import { dbPool } from "@/server/infra/db/client";
import { AppError } from "@/server/infra/errors/app-error";

export const dynamic = "force-dynamic";

/**
 * Read once at start-up, straight from the process rather than the validated env module: this
 * is a switch of `npm run bench:ingest` (scripts/bench-ingest/), not a product setting, and off
 * (unset) the route does not exist as far as any caller can tell.
 */
const enabled = process.env.BENCH_BASELINE === "1";

/**
 * The ingest benchmark's same-app baseline: one single-row INSERT per request through the
 * app's pool and role, into a table the benchmark creates in its throwaway database (no
 * migration creates it, so even if switched on elsewhere it only errors).
 */
export const POST = withPublicRoute(
  { route: "bench-baseline", reason: "Benchmark baseline, 404 unless BENCH_BASELINE=1 at start; writes only to the benchmark's own table." },
  async () => {
    if (!enabled) throw new AppError("NOT_FOUND", "Not found.");
    await dbPool().query("INSERT INTO bench_baseline_hits DEFAULT VALUES");
    return Response.json({ ok: true });
  },
);
