import { randomInt } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { refreshDueTokens } from "@/server/channels/tokens/refresh-due-tokens";
import { decrypt, encrypt } from "@/server/infra/crypto/field-crypto";
import { dbPool } from "@/server/infra/db/client";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { bindJobHandlers } from "@/server/infra/jobs/bind-handlers";
import { flushOutboxAcks } from "@/server/infra/outbox/relay-outbox";
import { runJob } from "@/server/infra/queue/run-job";
import { startFakeX, type FakeX } from "../fakes/x/server";
import { createPipelineWorkspace } from "../helpers/pipeline";

/**
 * The `refresh-tokens` job against the X fake. The run is given a clock in 1960 so that it
 * selects only this file's channels (stored as expiring then) and never another test's, in a
 * database every test file shares.
 */
const publish = vi.fn(async (_name: string, items: ReadonlyArray<unknown>) => items.map(() => ({ id: null, deduplicated: false })));
const jobs = { publish } as unknown as Parameters<typeof refreshDueTokens>[0];
const NOW = new Date("1960-01-01T00:00:00Z");
const DUE = new Date("1960-01-01T00:05:00Z");
const NOT_DUE = new Date("1960-01-01T01:00:00Z");

let x: FakeX;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
const created: string[] = [];
const ENV_KEYS = ["X_API_URL", "X_CLIENT_ID", "X_CLIENT_SECRET"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  x = await startFakeX();
  Object.assign(process.env, { X_API_URL: x.url, X_CLIENT_ID: x.clientId, X_CLIENT_SECRET: x.clientSecret });
  resetEnvCache();
  ws = await createPipelineWorkspace();
});

afterAll(async () => {
  // Out of every later run's way: these channels would otherwise stay due.
  await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.updateMany({ where: { id: { in: created } }, data: { status: "DISCONNECTED" } }));
  await x.close();
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
});

beforeEach(() => {
  x.faults.clear();
  vi.restoreAllMocks();
});

async function xChannel(expiresAt: Date, o: { spent?: boolean; status?: "ACTIVE" | "NEEDS_REAUTH" } = {}) {
  const t = x.issueTokens();
  const tokens = { access: String(t.access_token), refresh: String(t.refresh_token) };
  if (o.spent) x.store.refreshTokens.get(tokens.refresh)!.used = true;
  const channel = await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
    tx.channel.create({
      data: {
        workspaceId: ws.workspaceId, platform: "X", externalId: `17${randomInt(1e9, 1e10)}${randomInt(1e6, 1e7)}`, name: "X", status: o.status ?? "ACTIVE",
        accessTokenEnc: encrypt(tokens.access), refreshTokenEnc: encrypt(tokens.refresh), tokenExpiresAt: expiresAt,
      },
    }),
  );
  created.push(channel.id);
  return { id: channel.id, tokens };
}
const rows = (ids: string[]) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.findMany({ where: { id: { in: ids } } })).then((r) => new Map(r.map((c) => [c.id, c])));
/** Parks channels so the next test's run does not see them. */
const park = (ids: string[]) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.updateMany({ where: { id: { in: ids } }, data: { status: "DISCONNECTED" } }));

describe("refresh-tokens job", () => {
  it("refreshes every channel due within 15 minutes, isolates a dead one, leaves the rest alone", async () => {
    const [a, b] = [await xChannel(DUE), await xChannel(DUE)];
    const dead = await xChannel(DUE, { spent: true });
    const later = await xChannel(NOT_DUE);
    const waiting = await xChannel(DUE, { status: "NEEDS_REAUTH" });

    const report = await refreshDueTokens(jobs, NOW);
    expect(report).toEqual({ due: 3, refreshed: 2, unchanged: 0, needsReauth: 1, failed: 0, deferred: 0 });

    const after = await rows([a.id, b.id, dead.id, later.id, waiting.id]);
    for (const ch of [a, b]) {
      const row = after.get(ch.id)!;
      expect(row.status).toBe("ACTIVE");
      expect(decrypt(row.accessTokenEnc!)).not.toBe(ch.tokens.access);
      expect(decrypt(row.refreshTokenEnc!)).not.toBe(ch.tokens.refresh);
      expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    }
    expect(after.get(dead.id)!.status).toBe("NEEDS_REAUTH");
    expect(decrypt(after.get(later.id)!.accessTokenEnc!)).toBe(later.tokens.access);
    expect(decrypt(after.get(waiting.id)!.accessTokenEnc!)).toBe(waiting.tokens.access);
    const audit = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.findMany({ where: { action: "channel.needs_reauth", targetId: dead.id } }));
    expect(audit).toHaveLength(1);
    // The needs-reauth event went out through the handler's publisher (the realtime bus), not only the outbox.
    await flushOutboxAcks();
    const left = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM outbox WHERE "workspaceId" = ${ws.workspaceId} AND name = 'channel.status'`);
    expect(left[0]!.n).toBe(0);

    // A second run finds nothing due among these (the refreshed ones now expire in 2 hours).
    expect(await refreshDueTokens(jobs, NOW)).toMatchObject({ due: 0 });
    await park([later.id]);
  });

  it("X down: every due channel counted as failed, nothing changed, the next run refreshes them", async () => {
    const [a, b] = [await xChannel(DUE), await xChannel(DUE)];
    const before = await rows([a.id, b.id]);
    x.faults.inject("oauth.token", { kind: "server-error", status: 502 }, { sticky: true });

    expect(await refreshDueTokens(jobs, NOW)).toEqual({ due: 2, refreshed: 0, unchanged: 0, needsReauth: 0, failed: 2, deferred: 0 });
    const unchanged = await rows([a.id, b.id]);
    for (const id of [a.id, b.id]) {
      expect(unchanged.get(id)).toMatchObject({ status: "ACTIVE", accessTokenEnc: before.get(id)!.accessTokenEnc, refreshTokenEnc: before.get(id)!.refreshTokenEnc });
    }

    x.faults.clear();
    expect(await refreshDueTokens(jobs, NOW)).toMatchObject({ due: 2, refreshed: 2, failed: 0 });
  });

  it("as a job: a bad payload is permanent; the database down is transient (retried)", async () => {
    const definition = bindJobHandlers({ publish: jobs.publish }).get("refresh-tokens")!;
    const log = pino({ level: "silent" });
    expect(await runJob({ definition, payload: { channelId: "x" }, jobId: "j1", attempt: 1, log })).toMatchObject({ status: "permanent-failure", error: { name: "InvalidJobPayload" } });

    vi.spyOn(dbPool(), "query").mockImplementationOnce(() => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })));
    expect(await runJob({ definition, payload: {}, jobId: "j2", attempt: 1, log })).toMatchObject({ status: "transient-failure" });
  });
});
