import { expect } from "vitest";
import { demoBody } from "../../helpers/pipeline";
import type { RouteServer } from "../../helpers/serve-route-handlers";
import { demoDelivery, deliver, META_SECRET, storedCounts, type FaultWorkspace } from "../fault-app";
import { figure } from "../figures";
import { fuzzCase, type FuzzCase } from "../fuzz-bodies";
import { seededRandom } from "../seeded-random";

const ROW = "5. fuzzed webhook bodies";
/** FAULT_FUZZ_SEED / FAULT_FUZZ_CASES replay or widen a run; a failure names its seed and case. */
const SEED = Number(process.env.FAULT_FUZZ_SEED ?? 11);
const CASES = Number(process.env.FAULT_FUZZ_CASES ?? 10_000);
const CONCURRENCY = 8;

type Failure = { index: number; kind: string; path: string; status: number; answer: string };

/**
 * 10,000 seeded fuzz cases over HTTP against the app's webhook routes (every platform with a
 * webhook, Meta's GET verification and its deauthorize callback): no 5xx, no handler that
 * throws, no uncaught error in the process, and a good delivery is still stored afterwards.
 */
export async function webhookFuzz(app: RouteServer, ws: FaultWorkspace): Promise<void> {
  const rng = seededRandom(SEED);
  const target = { pageId: ws.pageId, igId: ws.igId, demoExternalId: ws.externalId, demoSecret: ws.secret, metaSecret: META_SECRET };
  // Generated up front, in order, so case i is the same whatever the concurrency.
  const cases: FuzzCase[] = Array.from({ length: CASES }, () => fuzzCase(rng, target));
  const statuses = new Map<number, number>();
  const failures: Failure[] = [];
  const uncaught: string[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error instanceof Error ? error.name : typeof error);
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);
  const thrownBefore = app.thrown;
  let next = 0;
  try {
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i]!;
        let status = 0;
        let answer = "";
        try {
          const res = await fetch(`${app.url}${c.path}`, { method: c.method, headers: c.headers, body: c.body ? new Uint8Array(c.body) : undefined, signal: AbortSignal.timeout(30_000) });
          status = res.status;
          answer = (await res.text()).slice(0, 200);
        } catch (error) {
          answer = error instanceof Error ? error.message : String(error);
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || status === 0) failures.push({ index: i, kind: c.kind, path: c.path.slice(0, 60), status, answer });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    process.off("uncaughtException", onUncaught);
    process.off("unhandledRejection", onUncaught);
  }

  // The process is alive and still stores a good delivery.
  const body = demoBody(ws.externalId, "After the fuzzing: is the Pro plan monthly?");
  const good = await deliver(app.url, demoDelivery(ws, body));
  const goodId = (JSON.parse(body) as { messageId: string }).messageId;
  const goodStored = (await storedCounts(ws.workspaceId, [goodId])).get(goodId) ?? 0;

  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${n}×${s || "no answer"}`).join(", ");
  const fiveXx = [...statuses].filter(([s]) => s >= 500 || s === 0).reduce((n, [, c]) => n + c, 0);
  figure(ROW, `seed ${SEED}: ${CASES} cases over HTTP (demo, facebook, instagram, GET verification, meta/deauthorize)`);
  figure(ROW, `answers: ${byStatus}`);
  figure(ROW, `5xx or no answer: ${fiveXx}; handlers that threw: ${app.thrown - thrownBefore}; uncaught errors: ${uncaught.length}`);
  figure(ROW, `afterwards a good delivery: ${good.status}, stored ${goodStored}`);
  for (const f of failures.slice(0, 3)) figure(ROW, `  failing case #${f.index} (${f.kind}) ${f.path} -> ${f.status} ${f.answer.slice(0, 80)}`);

  if (process.env.FAULT_DEBUG) console.log(failures.map((f) => `#${f.index} ${f.kind} ${f.path} -> ${f.status} ${f.answer}`).join("\n"));
  expect(failures.slice(0, 5)).toEqual([]);
  expect(app.thrown - thrownBefore).toBe(0);
  expect(uncaught).toEqual([]);
  expect([good.status, goodStored]).toEqual([200, 1]);
}
