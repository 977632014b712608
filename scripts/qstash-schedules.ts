/**
 * `npm run qstash:schedules`: creates (or updates) the QStash schedules for the recurring jobs
 * (src/server/infra/queue/schedules.ts) pointing at APP_URL/api/jobs/<job>. Idempotent; removes this
 * deployment's schedules for jobs no longer in the table. Needs QSTASH_TOKEN and APP_URL.
 */
import { jobCatalog } from "../src/server/infra/jobs/catalog";
import { createQStashClient } from "../src/server/infra/queue/qstash-queue";
import { ensureQStashSchedules, recurringJobs } from "../src/server/infra/queue/schedules";

const token = process.env.QSTASH_TOKEN;
const appUrl = process.env.APP_URL;
if (!token || !appUrl) {
  console.error("QSTASH_TOKEN and APP_URL must be set (APP_URL is the public URL QStash calls).");
  process.exit(2);
}
const client = createQStashClient({ token, baseUrl: process.env.QSTASH_URL ?? "https://qstash.upstash.io", clientRetries: 2 });
const result = await ensureQStashSchedules(client, appUrl, recurringJobs, { registry: jobCatalog });
console.log(`Schedules in place: ${result.scheduleIds.join(", ")}${result.removed.length ? `; removed ${result.removed.join(", ")}` : ""}`);
