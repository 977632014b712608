import { createHash } from "node:crypto";

import type { Client } from "@upstash/qstash";
import type PgBoss from "pg-boss";

import type { JobCatalog } from "@/server/infra/queue/define-job";
import type { JobEnvelope } from "@/server/infra/queue/job-envelope";
import { describePayloadError } from "@/server/infra/queue/run-job";
import { jobUrl, qstashRetriesFor, qstashRetryDelayFor } from "@/server/infra/queue/qstash-queue";

/** A recurring job: a row, not code. Crons are UTC, five fields. One row per job name. */
export interface RecurringJob {
  readonly name: string;
  readonly cron: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

// A row may only name a registered job.
export const recurringJobs = [
  { name: "retention", cron: "0 3 * * *", payload: {} },
  { name: "sweep-outbox", cron: "* * * * *", payload: {} },
  { name: "refresh-tokens", cron: "*/5 * * * *", payload: {} },
  { name: "poll-channels", cron: "* * * * *", payload: {} },
  // Fans out one run per CRM connection whose own interval (syncMinutes / workspace crmSyncMinutes) has come.
  { name: "crm-sync", cron: "*/5 * * * *", payload: {} },
  // Notifications (src/server/notifications): drafts waiting for approval, and the daily email digest (07:00 UTC).
  { name: "notify-waiting-drafts", cron: "*/5 * * * *", payload: {} },
  { name: "notification-digest", cron: "0 7 * * *", payload: {} },
] as const satisfies readonly RecurringJob[];

/** Start-up check: every row names a registered job, its payload passes the schema, names are unique. */
export function checkSchedules(table: readonly RecurringJob[], registry: JobCatalog): void {
  const seen = new Set<string>();
  for (const row of table) {
    if (seen.has(row.name)) throw new Error(`Schedule table lists job "${row.name}" twice`);
    seen.add(row.name);
    const definition = registry.get(row.name);
    if (!definition) throw new Error(`Schedule table names unknown job "${row.name}"`);
    const parsed = definition.schema.safeParse(row.payload);
    if (!parsed.success) {
      throw new Error(`Schedule for job "${row.name}": ${describePayloadError(parsed.error)}`);
    }
    if (row.cron.trim().split(/\s+/).length !== 5) {
      throw new Error(`Schedule for job "${row.name}": cron "${row.cron}" must have five fields`);
    }
  }
}

const SCHEDULE_ID_PREFIX = "leadline-";

/**
 * Stable per (job, destination): re-running overwrites the same schedule, and two
 * deployments sharing one QStash account (staging, production) never overwrite each other.
 */
export function qstashScheduleId(name: string, destination: string): string {
  const suffix = createHash("sha256").update(destination).digest("hex").slice(0, 10);
  return `${SCHEDULE_ID_PREFIX}${name}-${suffix}`;
}

/**
 * Idempotent: creates or overwrites one QStash schedule per row (QStash replaces a schedule
 * created again with the same Upstash-Schedule-Id), then deletes this deployment's
 * schedules that are no longer in the table.
 */
export async function ensureQStashSchedules(
  client: Pick<Client, "schedules">,
  appUrl: string,
  table: readonly RecurringJob[],
  options: { registry: JobCatalog; retriesCap?: number },
): Promise<{ scheduleIds: string[]; removed: string[] }> {
  checkSchedules(table, options.registry);
  const scheduleIds: string[] = [];
  for (const row of table) {
    const definition = options.registry.get(row.name);
    if (!definition) continue; // checkSchedules already threw
    const destination = jobUrl(appUrl, row.name);
    const retries = qstashRetriesFor(definition, options.retriesCap);
    const body: JobEnvelope = { payload: row.payload, maxRetries: retries };
    const { scheduleId } = await client.schedules.create({
      destination,
      cron: row.cron,
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
      scheduleId: qstashScheduleId(row.name, destination),
      retries,
      retryDelay: qstashRetryDelayFor(definition),
    });
    scheduleIds.push(scheduleId);
  }

  const ownDestinations = jobUrl(appUrl, "");
  const removed: string[] = [];
  for (const schedule of await client.schedules.list()) {
    const ours = schedule.scheduleId.startsWith(SCHEDULE_ID_PREFIX) && schedule.destination.startsWith(ownDestinations);
    if (ours && !scheduleIds.includes(schedule.scheduleId)) {
      await client.schedules.delete(schedule.scheduleId);
      removed.push(schedule.scheduleId);
    }
  }
  return { scheduleIds, removed };
}

/**
 * Embedded equivalent: pg-boss' cron (one schedule per queue name, UTC). Call after the
 * local queue has started (the queues must exist). Removes schedules of registered jobs
 * that are no longer in the table.
 */
export async function startLocalSchedules(
  boss: PgBoss,
  table: readonly RecurringJob[],
  options: { registry: JobCatalog },
): Promise<void> {
  checkSchedules(table, options.registry);
  for (const row of table) {
    const data: JobEnvelope = { payload: row.payload };
    await boss.schedule(row.name, row.cron, data, { tz: "UTC" });
  }
  const wanted = new Set(table.map((row) => row.name));
  for (const schedule of await boss.getSchedules()) {
    if (options.registry.get(schedule.name) && !wanted.has(schedule.name)) {
      await boss.unschedule(schedule.name);
    }
  }
}
