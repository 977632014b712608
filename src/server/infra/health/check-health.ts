import { db } from "../db/client";
import { env } from "../env/load-env";

export type HealthReport = {
  status: "ok" | "degraded";
  checks: Record<string, { ok: boolean; latencyMs?: number; detail?: string }>;
};

async function timed(fn: () => Promise<unknown>, timeoutMs = 2_000): Promise<{ ok: boolean; latencyMs: number; detail?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), timeoutMs)))]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Only a short reason: connection strings or hosts never reach the response.
    const detail = error instanceof Error && error.message === "timed out" ? "timed out" : "unreachable";
    return { ok: false, latencyMs: Math.round(performance.now() - started), detail };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(): Promise<HealthReport> {
  const e = env();
  const checks: HealthReport["checks"] = {
    database: await timed(() => db().$queryRaw`SELECT 1`),
    queue: { ok: true, detail: e.QSTASH_TOKEN ? "qstash" : "local (pg-boss)" },
  };
  if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN) {
    // The cache port swallows outages by design, so probe Redis directly with a real command.
    checks.redis = await timed(async () => {
      const res = await fetch(e.UPSTASH_REDIS_REST_URL!, {
        method: "POST",
        headers: { authorization: `Bearer ${e.UPSTASH_REDIS_REST_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(["PING"]),
        signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error("redis not ok");
    });
  }
  return { status: Object.values(checks).every((c) => c.ok) ? "ok" : "degraded", checks };
}
