import { createHash } from "node:crypto";

/**
 * pg-boss 10 ignores `singletonKey` on a "standard" queue unless it is combined with a
 * time bucket (`singletonSeconds`), which lets two publishes straddling a bucket boundary
 * both through. Instead the job id itself is derived from (job name, dedupId): the insert
 * is `ON CONFLICT DO NOTHING` on the (name, id) primary key, so a repeat publish inserts
 * nothing for as long as the first job is in the job table (until it is archived).
 * Formatted as an RFC 9562 version-8 (custom) UUID.
 */
export function deriveLocalJobId(jobName: string, dedupId: string): string {
  const bytes = createHash("sha256").update(`${jobName}\n${dedupId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const QSTASH_SAFE = /^[A-Za-z0-9._~-]{1,100}$/;

/**
 * QStash dedup ids are global to the account and must not contain ":" or whitespace, so
 * scope them by job name and hash anything outside a conservative character set.
 */
export function deriveQStashDedupId(jobName: string, dedupId: string): string {
  if (QSTASH_SAFE.test(dedupId)) return `${jobName}.${dedupId}`;
  return `${jobName}.h${createHash("sha256").update(dedupId).digest("hex").slice(0, 40)}`;
}
