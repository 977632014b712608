import { SCORER_TAGS } from "@/agents/scorer/score-lead";
import type { CachePort } from "@/shared/cache-port";
import { encrypt } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";

/**
 * One bounded batch of the retention job for one workspace, in the caller's tenant
 * transaction: the rows older than the window that still hold customer words, at most
 * `limit` of them, locked (rows another transaction holds wait for the next run). Returns how
 * many it changed; fewer than `limit` means the step is done. Each step selects only rows that
 * still hold text, so a re-run changes nothing.
 */
export type RetentionBatch = {
  workspaceId: string;
  /** Older than this is past the workspace's retention. */
  cutoff: Date;
  now: Date;
  limit: number;
  cache: CachePort;
  /** How long an LLM cache entry lives: runs younger than this may still have theirs. */
  cacheTtlSeconds: number;
};

export type RetentionStep = { name: RetentionStepName; run: (tx: Tx, b: RetentionBatch) => Promise<number> };

export const RETENTION_STEP_NAMES = ["messages", "replies", "notes", "agentRuns", "contacts", "leads", "leadHistory", "crmLinks", "crmRuns", "crmConnections"] as const;
export type RetentionStepName = (typeof RETENTION_STEP_NAMES)[number];

/** Message text and stored error: null, with `redactedAt`. Intent and its confidence stay. */
async function redactMessages(tx: Tx, b: RetentionBatch): Promise<number> {
  return tx.$executeRaw`
    WITH batch AS (
      SELECT id FROM messages
      WHERE "workspaceId" = ${b.workspaceId} AND "receivedAt" < ${b.cutoff}::timestamp(3) AND ("textEnc" IS NOT NULL OR error IS NOT NULL)
      ORDER BY "receivedAt" LIMIT ${b.limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE messages m SET "textEnc" = NULL, error = NULL, "redactedAt" = COALESCE(m."redactedAt", ${b.now}::timestamp(3))
    FROM batch WHERE m.id = batch.id AND m."workspaceId" = ${b.workspaceId}`;
}

/**
 * Replies that are done (sent, failed, discarded) or a draft nobody approved within the window
 * (it becomes discarded): the text becomes an encrypted empty string (the column stays NOT NULL
 * for the send path) and the error is cleared. Queued, sending and unknown-outcome replies are
 * left to finish first. Source, status, flags and times stay.
 */
async function redactReplies(tx: Tx, b: RetentionBatch): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM replies
    WHERE "workspaceId" = ${b.workspaceId} AND "createdAt" < ${b.cutoff}::timestamp(3) AND "redactedAt" IS NULL
      AND status IN ('DRAFT', 'SENT', 'FAILED', 'DISCARDED')
    ORDER BY "createdAt" LIMIT ${b.limit} FOR UPDATE SKIP LOCKED`;
  if (rows.length === 0) return 0;
  // A fresh ciphertext per row (own IV), like every other write.
  return tx.$executeRaw`
    UPDATE replies r SET "textEnc" = u.text_enc, error = NULL, "redactedAt" = ${b.now}::timestamp(3), "updatedAt" = ${b.now}::timestamp(3),
      status = CASE WHEN r.status = 'DRAFT' THEN 'DISCARDED'::"ReplyStatus" ELSE r.status END
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map(() => encrypt(""))}::text[]) AS u(id, text_enc)
    WHERE r.id = u.id AND r."workspaceId" = ${b.workspaceId}`;
}

/** Internal notes (staff-written, may quote the customer) older than the window are deleted: nothing in them is kept. */
async function deleteNotes(tx: Tx, b: RetentionBatch): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM conversation_notes
    WHERE id IN (SELECT id FROM conversation_notes WHERE "workspaceId" = ${b.workspaceId} AND "createdAt" < ${b.cutoff}::timestamp(3)
                 ORDER BY "createdAt" LIMIT ${b.limit} FOR UPDATE SKIP LOCKED)
      AND "workspaceId" = ${b.workspaceId}`;
}

/**
 * Agent runs keep their cost, model and outcome; their error (a provider's answer may quote the
 * prompt) and cache key go. A run younger than the cache's lifetime may still have its cached
 * answer: that entry is deleted first (a cache that fails fails the batch, retried next run).
 */
async function redactAgentRuns(tx: Tx, b: RetentionBatch): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ id: string; cacheKey: string | null; createdAt: Date }>>`
    SELECT id, "cacheKey", "createdAt" FROM agent_runs
    WHERE "workspaceId" = ${b.workspaceId} AND "createdAt" < ${b.cutoff}::timestamp(3) AND (error IS NOT NULL OR "cacheKey" IS NOT NULL)
    ORDER BY "createdAt" LIMIT ${b.limit} FOR UPDATE SKIP LOCKED`;
  if (rows.length === 0) return 0;
  const liveSince = b.now.getTime() - b.cacheTtlSeconds * 1000;
  await deleteCacheEntries(b.cache, rows.filter((r) => r.cacheKey !== null && r.createdAt.getTime() > liveSince).map((r) => r.cacheKey!));
  return tx.$executeRaw`
    UPDATE agent_runs SET error = NULL, "cacheKey" = NULL
    WHERE id = ANY(${rows.map((r) => r.id)}::text[]) AND "workspaceId" = ${b.workspaceId}`;
}

/** Deletes LLM cache entries (idempotent: a missing key is fine). */
export async function deleteCacheEntries(cache: CachePort, keys: readonly string[]): Promise<void> {
  for (const key of new Set(keys)) await cache.delete(key);
}

/**
 * Contacts whose last message is older than the window: name, handle, email, phone and profile
 * (and the keyed hashes of handle and email) go; follower count and verified badge stay. The
 * platform id stays (hashed and encrypted) so a returning customer is still recognised.
 */
async function redactContacts(tx: Tx, b: RetentionBatch): Promise<number> {
  return tx.$executeRaw`
    WITH batch AS (
      SELECT c.id FROM contacts c
      WHERE c."workspaceId" = ${b.workspaceId} AND c."createdAt" < ${b.cutoff}::timestamp(3)
        AND (c."displayNameEnc" IS NOT NULL OR c."handleEnc" IS NOT NULL OR c."handleHash" IS NOT NULL OR c."emailEnc" IS NOT NULL
             OR c."emailHash" IS NOT NULL OR c."phoneEnc" IS NOT NULL OR c."profileEnc" IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v."contactId" = c.id AND v."workspaceId" = ${b.workspaceId} AND v."lastMessageAt" >= ${b.cutoff}::timestamp(3))
      LIMIT ${b.limit} FOR UPDATE OF c SKIP LOCKED
    )
    UPDATE contacts c SET "displayNameEnc" = NULL, "handleEnc" = NULL, "handleHash" = NULL, "emailEnc" = NULL, "emailHash" = NULL,
      "phoneEnc" = NULL, "profileEnc" = NULL, "redactedAt" = ${b.now}::timestamp(3), "updatedAt" = ${b.now}::timestamp(3)
    FROM batch WHERE c.id = batch.id AND c."workspaceId" = ${b.workspaceId}`;
}

/**
 * The lead of such a contact keeps tier, score, status and intent; the scorer's reason (an LLM
 * may quote the customer) is cleared and only the scorer's own tag labels stay.
 */
async function redactLeads(tx: Tx, b: RetentionBatch): Promise<number> {
  const labels = [...SCORER_TAGS];
  return tx.$executeRaw`
    WITH batch AS (
      SELECT l.id FROM leads l JOIN contacts c ON c.id = l."contactId" AND c."workspaceId" = l."workspaceId"
      WHERE l."workspaceId" = ${b.workspaceId} AND c."createdAt" < ${b.cutoff}::timestamp(3)
        AND (l.reason <> '' OR NOT (l.tags <@ ${labels}::text[]))
        AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v."contactId" = c.id AND v."workspaceId" = ${b.workspaceId} AND v."lastMessageAt" >= ${b.cutoff}::timestamp(3))
      LIMIT ${b.limit} FOR UPDATE OF l SKIP LOCKED
    )
    UPDATE leads l SET reason = '', tags = ARRAY(SELECT t FROM unnest(l.tags) AS t WHERE t = ANY(${labels}::text[])), "updatedAt" = ${b.now}::timestamp(3)
    FROM batch WHERE l.id = batch.id AND l."workspaceId" = ${b.workspaceId}`;
}

/** A lead's score history (the scorer's reasons over time) older than the window is deleted; the lead keeps its current score. */
async function deleteLeadHistory(tx: Tx, b: RetentionBatch): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM lead_score_history
    WHERE id IN (SELECT id FROM lead_score_history WHERE "workspaceId" = ${b.workspaceId} AND "createdAt" < ${b.cutoff}::timestamp(3)
                 ORDER BY "createdAt" LIMIT ${b.limit} FOR UPDATE SKIP LOCKED)
      AND "workspaceId" = ${b.workspaceId}`;
}

/** A CRM's rejection can echo the record it was sent (a name, an email): old ones are cleared. */
async function redactCrmLinkErrors(tx: Tx, b: RetentionBatch): Promise<number> {
  return tx.$executeRaw`
    WITH batch AS (
      SELECT id FROM crm_lead_links
      WHERE "workspaceId" = ${b.workspaceId} AND "updatedAt" < ${b.cutoff}::timestamp(3) AND "lastError" IS NOT NULL
      LIMIT ${b.limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE crm_lead_links k SET "lastError" = NULL FROM batch WHERE k.id = batch.id AND k."workspaceId" = ${b.workspaceId}`;
}

async function redactCrmRunErrors(tx: Tx, b: RetentionBatch): Promise<number> {
  return tx.$executeRaw`
    WITH batch AS (
      SELECT id FROM crm_sync_runs
      WHERE "workspaceId" = ${b.workspaceId} AND "startedAt" < ${b.cutoff}::timestamp(3) AND error IS NOT NULL
      LIMIT ${b.limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE crm_sync_runs r SET error = NULL FROM batch WHERE r.id = batch.id AND r."workspaceId" = ${b.workspaceId}`;
}

async function redactCrmConnectionErrors(tx: Tx, b: RetentionBatch): Promise<number> {
  return tx.$executeRaw`
    UPDATE crm_connections SET "lastError" = NULL
    WHERE id IN (SELECT id FROM crm_connections WHERE "workspaceId" = ${b.workspaceId} AND "updatedAt" < ${b.cutoff}::timestamp(3) AND "lastError" IS NOT NULL
                 LIMIT ${b.limit} FOR UPDATE SKIP LOCKED)
      AND "workspaceId" = ${b.workspaceId}`;
}

/**
 * Every place customer words are kept, in order: the texts first, then the contacts and leads
 * whose last message is past the window, then stored errors. Audit entries hold ids and counts
 * only (append-only, nothing to redact); outbox rows hold ids only; the scorer's model holds
 * weights, not examples.
 */
export const RETENTION_STEPS: readonly RetentionStep[] = [
  { name: "messages", run: redactMessages },
  { name: "replies", run: redactReplies },
  { name: "notes", run: deleteNotes },
  { name: "agentRuns", run: redactAgentRuns },
  { name: "contacts", run: redactContacts },
  { name: "leads", run: redactLeads },
  { name: "leadHistory", run: deleteLeadHistory },
  { name: "crmLinks", run: redactCrmLinkErrors },
  { name: "crmRuns", run: redactCrmRunErrors },
  { name: "crmConnections", run: redactCrmConnectionErrors },
];
