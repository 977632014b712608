import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { startFakeQStash, type FakeQStash } from "../../../../tests/fakes/qstash/server";
import { createJobRegistry, defineJob } from "@/server/infra/queue/define-job";
import { createJobReceiver } from "@/server/infra/queue/handle-job-request";
import { createLocalQueue } from "@/server/infra/queue/local-queue";
import { createQStashClient, jobUrl } from "@/server/infra/queue/qstash-queue";
import {
  checkSchedules,
  ensureQStashSchedules,
  qstashScheduleId,
  recurringJobs as appRecurringJobs,
  startLocalSchedules,
} from "@/server/infra/queue/schedules";
import { createTestDatabase, type TestDatabase } from "@/../tests/helpers/queue/create-test-database";
import { recordHooks } from "@/../tests/helpers/queue/record-hooks";
import { serveJobRoute } from "@/../tests/helpers/queue/serve-job-route";

const log = pino({ level: "silent" });
const keys = { currentSigningKey: "sig_sched_current", nextSigningKey: "sig_sched_next" };
const token = "sched_token";

// A full table (what the app's grows into) exercising every mechanism.
const recurringJobs = [
  { name: "poll-channels", cron: "* * * * *", payload: {} },
  { name: "crm-sync", cron: "*/5 * * * *", payload: {} },
  { name: "retention", cron: "0 3 * * *", payload: {} },
] as const;

// Stand-ins for the app's real jobs of the same names.
const ran: string[] = [];
const standIn = (name: string) =>
  defineJob({
    name,
    schema: z.object({}).strict(),
    retry: { limit: 1, backoffSeconds: 1 },
    handler: async () => {
      ran.push(name);
    },
  });
const registry = createJobRegistry(recurringJobs.map((row) => standIn(row.name)));

describe("the recurring jobs table", () => {
  it("the app's table runs retention daily at 03:00 UTC, the outbox sweeper and the poll fan-out every minute, the token refresh every 5 minutes, against its real job catalog", async () => {
    const { jobCatalog } = await import("@/server/infra/jobs/catalog");
    expect(appRecurringJobs.map((r) => [r.name, r.cron])).toEqual(expect.arrayContaining([["retention", "0 3 * * *"], ["sweep-outbox", "* * * * *"], ["poll-channels", "* * * * *"], ["refresh-tokens", "*/5 * * * *"]]));
    expect(() => checkSchedules(appRecurringJobs, jobCatalog)).not.toThrow();
  });

  it("checks a table of poll-channels every minute, crm-sync every 5 minutes, retention daily", () => {
    expect(recurringJobs.map((r) => [r.name, r.cron])).toEqual([
      ["poll-channels", "* * * * *"],
      ["crm-sync", "*/5 * * * *"],
      ["retention", "0 3 * * *"],
    ]);
    expect(() => checkSchedules(recurringJobs, registry)).not.toThrow();
  });

  it.each([
    [[{ name: "nope", cron: "* * * * *", payload: {} }], /unknown job "nope"/],
    [[...recurringJobs, recurringJobs[0]], /lists job "poll-channels" twice/],
    [[{ name: "retention", cron: "0 3 * * *", payload: { extra: 1 } }], /invalid payload/],
    [[{ name: "retention", cron: "0 3 * *", payload: {} }], /five fields/],
  ])("rejects a table that does not match the registry (%#)", (table, message) => {
    expect(() => checkSchedules(table, registry)).toThrow(message);
  });
});

describe("ensureQStashSchedules", () => {
  let fake: FakeQStash;
  let route: Awaited<ReturnType<typeof serveJobRoute>>;

  beforeAll(async () => {
    fake = await startFakeQStash({ ...keys, token, retryBackoffMs: () => 10 });
    route = await serveJobRoute({ registry, receiver: createJobReceiver(keys), hooks: recordHooks(), log });
  });
  afterAll(async () => {
    await fake?.close();
    await route?.close();
  });

  it("creates one schedule per row, idempotently, removes stale ones, and deliveries run the job", async () => {
    const client = createQStashClient({ token, baseUrl: fake.url, clientRetries: 0 });
    // A schedule this deployment made for a job since removed from the table, and one of another app.
    const staleDestination = jobUrl(route.appUrl, "old-job");
    await client.schedules.create({ destination: staleDestination, cron: "* * * * *", scheduleId: qstashScheduleId("old-job", staleDestination) });
    await client.schedules.create({ destination: "https://other.example/api/x", cron: "* * * * *", scheduleId: "leadline-other" });

    const first = await ensureQStashSchedules(client, route.appUrl, recurringJobs, { registry });
    const second = await ensureQStashSchedules(client, route.appUrl, recurringJobs, { registry });

    expect(second.scheduleIds).toEqual(first.scheduleIds);
    expect(first.removed).toEqual([qstashScheduleId("old-job", staleDestination)]);
    expect(second.removed).toEqual([]);
    const ours = [...fake.schedules.values()].filter((s) => s.destination.startsWith(route.appUrl));
    expect(ours.map((s) => [s.destination, s.cron, s.retries])).toEqual([
      [jobUrl(route.appUrl, "poll-channels"), "* * * * *", 1],
      [jobUrl(route.appUrl, "crm-sync"), "*/5 * * * *", 1],
      [jobUrl(route.appUrl, "retention"), "0 3 * * *", 1],
    ]);
    expect(fake.schedules.has("leadline-other")).toBe(true);

    const message = fake.triggerSchedule(first.scheduleIds[2] ?? "");
    expect((await fake.waitForMessage(message.messageId)).state).toBe("delivered");
    expect(ran).toContain("retention");
    expect(fake.deliveries.at(-1)?.requestHeaders["Upstash-Schedule-Id"]).toBe(first.scheduleIds[2]);
  });
});

describe("startLocalSchedules", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("registers pg-boss crons (UTC) idempotently and unschedules rows removed from the table", async () => {
    const queue = createLocalQueue({ connectionString: db.url, registry, hooks: recordHooks(), log });
    await queue.start();
    try {
      await startLocalSchedules(queue.boss, recurringJobs, { registry });
      await startLocalSchedules(queue.boss, recurringJobs, { registry });
      const schedules = await queue.boss.getSchedules();
      expect(
        schedules
          .map((s) => ({ name: s.name, cron: s.cron, data: s.data, tz: (s as { timezone?: string }).timezone }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      ).toEqual([
        { name: "crm-sync", cron: "*/5 * * * *", data: { payload: {} }, tz: "UTC" },
        { name: "poll-channels", cron: "* * * * *", data: { payload: {} }, tz: "UTC" },
        { name: "retention", cron: "0 3 * * *", data: { payload: {} }, tz: "UTC" },
      ]);

      await startLocalSchedules(queue.boss, recurringJobs.slice(0, 1), { registry });
      expect((await queue.boss.getSchedules()).map((s) => s.name)).toEqual(["poll-channels"]);
    } finally {
      await queue.stop();
    }
  });
});
