import type { CachePort } from "@/shared/cache-port";
import { agentRuntime } from "../ai/agent-runtime";
import { recordAudit } from "../audit/record-audit";
import { db } from "../infra/db/client";
import { withTenant } from "../infra/db/tenant";
import { logger } from "../infra/logger";
import { deleteOldMails } from "../infra/mail/delete-old-mails";
import { cache } from "../infra/runtime/ports";
import { RETENTION_STEPS, RETENTION_STEP_NAMES, type RetentionBatch, type RetentionStepName } from "./retention-steps";

const DAY_MS = 86_400_000;

export type RetentionCounts = Record<RetentionStepName, number>;
export type RetentionReport = {
  workspaces: number;
  /** Rows changed across every workspace and step. */
  redacted: number;
  counts: RetentionCounts;
  /** Workspaces whose run stopped part-way (what was done stays done; the next run goes on). Ids and error names only. */
  failed: Array<{ workspaceId: string; error: string }>;
};

export type RetentionOptions = {
  now?: Date;
  /** Rows per statement (and per transaction). */
  batchSize?: number;
  cache?: CachePort;
  cacheTtlSeconds?: number;
};

const emptyCounts = (): RetentionCounts => Object.fromEntries(RETENTION_STEP_NAMES.map((n) => [n, 0])) as RetentionCounts;

/**
 * The daily `retention` job (docs/architecture.md#the-flow-of-one-message, "Forget"): in every
 * workspace, removes customer words older than its retention (see `RETENTION_STEPS`: message
 * and reply texts, contact details, lead reasons, agent-run and CRM errors, cached LLM answers),
 * keeping what is derived from them without their words (intent, tier, score, status), and
 * deletes connect flows a day after they expired.
 *
 * Each batch of at most `batchSize` rows is its own tenant transaction, so a large backlog never
 * holds locks for long and a crash keeps what was done. One workspace failing is logged (ids and
 * the error's name only) and reported; the others still run. Idempotent.
 */
export async function applyRetention(options: RetentionOptions = {}): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const directory = await db().workspaceDirectory.findMany({ select: { workspaceId: true }, orderBy: { workspaceId: "asc" } });
  const report: RetentionReport = { workspaces: directory.length, redacted: 0, counts: emptyCounts(), failed: [] };
  const shared = {
    now,
    limit: options.batchSize ?? 500,
    cache: options.cache ?? cache(),
    cacheTtlSeconds: options.cacheTtlSeconds ?? agentRuntime().cacheTtlSeconds,
  };
  for (const { workspaceId } of directory) {
    try {
      const counts = await retainWorkspace(workspaceId, shared);
      for (const name of RETENTION_STEP_NAMES) {
        report.counts[name] += counts[name];
        report.redacted += counts[name];
      }
    } catch (error) {
      const name = error instanceof Error ? error.name : "unknown";
      const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
      logger.error({ job: "retention", workspaceId, err: { type: name, code } }, "retention failed for a workspace; the others go on");
      report.failed.push({ workspaceId, error: code ? `${name} ${code}` : name });
    }
  }
  return report;
}

async function retainWorkspace(workspaceId: string, shared: Omit<RetentionBatch, "workspaceId" | "cutoff">): Promise<RetentionCounts> {
  const retentionDays = await withTenant({ workspaceId }, async (tx) => {
    const workspace = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { retentionDays: true } });
    return workspace?.retentionDays ?? null;
  });
  const counts = emptyCounts();
  if (retentionDays === null) return counts;
  const batch: RetentionBatch = { ...shared, workspaceId, cutoff: new Date(shared.now.getTime() - retentionDays * DAY_MS) };
  for (const step of RETENTION_STEPS) {
    for (;;) {
      const changed = await withTenant({ workspaceId }, (tx) => step.run(tx, batch));
      counts[step.name] += changed;
      if (changed < batch.limit) break;
    }
  }
  const total = RETENTION_STEP_NAMES.reduce((sum, n) => sum + counts[n], 0);
  await withTenant({ workspaceId }, async (tx) => {
    if (total > 0) {
      await recordAudit(tx, workspaceId, { actor: { type: "SYSTEM" }, action: "retention.redact", metadata: { ...counts, retentionDays } });
    }
    // Connect flows nobody finished still hold the offered accounts' tokens (encrypted): gone a
    // day after they expired, whatever the workspace's retention.
    await tx.oAuthState.deleteMany({ where: { workspaceId, expiresAt: { lt: new Date(shared.now.getTime() - DAY_MS) } } });
  });
  return counts;
}

/** Thrown by the job when a workspace failed, so the queue retries it and the failure shows. */
export class RetentionIncompleteError extends Error {
  override name = "RetentionIncompleteError";
}

/** The `retention` job: every workspace, then a failure if any of them failed (after the others ran). */
export async function runRetentionJob(options: RetentionOptions = {}): Promise<RetentionReport> {
  const report = await applyRetention(options);
  // Not tenant data: the local outbox's mails (an address and a link each) go after a week.
  const mails = await deleteOldMails(options.now).catch((error: unknown) => {
    logger.error({ job: "retention", err: { type: error instanceof Error ? error.name : "unknown" } }, "old local-outbox mails not deleted; next run tries again");
    return 0;
  });
  logger.info({ job: "retention", workspaces: report.workspaces, redacted: report.redacted, counts: report.counts, mails, failed: report.failed.length }, "retention finished");
  if (report.failed.length > 0) {
    throw new RetentionIncompleteError(`Retention failed for ${report.failed.length} of ${report.workspaces} workspaces: ${report.failed.map((f) => `${f.workspaceId} (${f.error})`).join(", ")}`);
  }
  return report;
}
