import { emailSchema } from "../accounts/email";
import { decryptOptional } from "../infra/crypto/field-crypto";
import { db } from "../infra/db/client";
import { withTenant } from "../infra/db/tenant";
import { env } from "../infra/env/load-env";
import { logger } from "../infra/logger";
import type { MailPort } from "../infra/mail/mail-port";
import { mailer } from "../infra/mail/mailer";
import { DIGEST_LIST_LIMIT, digestMail } from "./digest-mail";
import type { NotificationKind } from "./notification-kinds";
import { utcDay } from "./notification-kinds";
import { defaultEmailDigest } from "./notification-preferences";

export type DigestReport = { sent: number; skipped: number; failed: number; failedWorkspaces: number };
export type DigestOptions = { now?: Date; mail?: MailPort; appUrl?: string };

type Claimed = { to: string | null; workspaceName: string; ids: string[]; rows: Array<{ kind: NotificationKind; data: unknown; conversationId: string | null; leadId: string | null; channelId: string | null }>; total: number };

/**
 * The daily `notification-digest` job: to every member who wants it (their choice, else admins
 * yes, others no) and has unread notifications no digest has carried yet, one mail through the
 * mail port summarising them. Once per member per UTC day: the day's `notification_digests` row is
 * claimed (SENDING) in a committed transaction before the mail goes, so a rerun, or a crash after
 * the send, never mails twice the same day. A mail port failure marks the row FAILED and leaves the
 * notifications as they were: the next run (the queue's retry, since the job then fails, or
 * tomorrow's) claims it again. A missing or unusable address is SKIPPED with a log line naming the
 * member's id, never the address. A crash between the claim and the send loses that day's mail
 * only: its notifications stay unread and undigested, so tomorrow's digest carries them.
 */
export async function sendDigests(options: DigestOptions = {}): Promise<DigestReport> {
  const now = options.now ?? new Date();
  const mail = options.mail ?? mailer();
  const appUrl = options.appUrl ?? env().APP_URL;
  const report: DigestReport = { sent: 0, skipped: 0, failed: 0, failedWorkspaces: 0 };
  const directory = await db().workspaceDirectory.findMany({ select: { workspaceId: true }, orderBy: { workspaceId: "asc" } });
  for (const { workspaceId } of directory) {
    try {
      await digestWorkspace(workspaceId, utcDay(now), now, mail, appUrl, report);
    } catch (error) {
      logger.error({ job: "notification-digest", workspaceId, err: { type: error instanceof Error ? error.name : "unknown" } }, "digests failed for a workspace; the others go on");
      report.failedWorkspaces += 1;
    }
  }
  return report;
}

async function digestWorkspace(workspaceId: string, day: string, now: Date, mail: MailPort, appUrl: string, report: DigestReport): Promise<void> {
  const members = await withTenant({ workspaceId }, async (tx) => {
    const [memberships, prefs, pending] = await Promise.all([
      tx.membership.findMany({ where: { workspaceId }, select: { userId: true, role: true } }),
      tx.notificationPreference.findMany({ where: { workspaceId }, select: { userId: true, emailDigest: true } }),
      tx.notification.groupBy({ by: ["userId"], where: { workspaceId, readAt: null, digestedAt: null }, _count: { _all: true } }),
    ]);
    const choice = new Map(prefs.map((p) => [p.userId, p.emailDigest]));
    const hasPending = new Set(pending.map((p) => p.userId));
    return memberships.filter((m) => hasPending.has(m.userId) && (choice.get(m.userId) ?? defaultEmailDigest(m.role))).map((m) => m.userId);
  });
  for (const userId of members) {
    const claimed = await claim(workspaceId, userId, day);
    if (!claimed) continue;
    const address = emailSchema.safeParse(claimed.to ?? "");
    if (!address.success) {
      await settle(workspaceId, userId, day, "SKIPPED", []);
      logger.warn({ job: "notification-digest", workspaceId, userId }, "digest skipped: the member has no usable email address");
      report.skipped += 1;
      continue;
    }
    try {
      await mail.send(digestMail(address.data, appUrl, claimed.workspaceName, claimed.rows, claimed.total));
    } catch (error) {
      await settle(workspaceId, userId, day, "FAILED", []);
      logger.warn({ job: "notification-digest", workspaceId, userId, err: { type: error instanceof Error ? error.name : "unknown" } }, "digest not sent; the next run retries");
      report.failed += 1;
      continue;
    }
    await settle(workspaceId, userId, day, "SENT", claimed.ids, now);
    report.sent += 1;
  }
}

/**
 * Takes the member's digest for `day` (a new row, or one whose mail the port refused) and reads
 * what it will carry, in one committed transaction. Null when the day's digest is taken or done.
 */
async function claim(workspaceId: string, userId: string, day: string): Promise<Claimed | null> {
  return withTenant({ workspaceId }, async (tx) => {
    const taken = await tx.$queryRaw<Array<{ state: string }>>`
      INSERT INTO notification_digests ("workspaceId", "userId", day, state, attempts, "updatedAt")
      VALUES (${workspaceId}, ${userId}, ${day}, 'SENDING', 1, now())
      ON CONFLICT ("workspaceId", "userId", day) DO UPDATE SET state = 'SENDING', attempts = notification_digests.attempts + 1, "updatedAt" = now()
        WHERE notification_digests.state = 'FAILED'
      RETURNING state`;
    if (taken.length === 0) return null;
    const where = { workspaceId, userId, readAt: null, digestedAt: null };
    const [rows, total, user, workspace] = await Promise.all([
      tx.notification.findMany({ where, orderBy: { createdAt: "desc" }, take: DIGEST_LIST_LIMIT, select: { id: true, kind: true, data: true, conversationId: true, leadId: true, channelId: true } }),
      tx.notification.findMany({ where, select: { id: true } }),
      tx.user.findUnique({ where: { id: userId }, select: { emailEnc: true } }),
      tx.workspace.findUnique({ where: { id: workspaceId }, select: { name: true } }),
    ]);
    let to: string | null = null;
    try {
      to = decryptOptional(user?.emailEnc ?? null);
    } catch {
      to = null; // an undecryptable address is skipped like a missing one
    }
    return { to, workspaceName: workspace?.name ?? "your workspace", ids: total.map((t) => t.id), rows, total: total.length };
  });
}

async function settle(workspaceId: string, userId: string, day: string, state: "SENT" | "FAILED" | "SKIPPED", ids: readonly string[], now = new Date()): Promise<void> {
  await withTenant({ workspaceId }, async (tx) => {
    await tx.notificationDigest.update({ where: { workspaceId_userId_day: { workspaceId, userId, day } }, data: { state, notifications: ids.length } });
    if (ids.length > 0) await tx.notification.updateMany({ where: { workspaceId, userId, id: { in: [...ids] }, digestedAt: null }, data: { digestedAt: now } });
  });
}

/** The job: fails when some mail did not go, so the queue retries (claims already SENT are skipped). */
export async function runDigestJob(options: DigestOptions = {}): Promise<DigestReport> {
  const report = await sendDigests(options);
  logger.info({ job: "notification-digest", ...report }, "notification digests");
  if (report.failed > 0 || report.failedWorkspaces > 0) throw new Error(`notification digest: ${report.failed} mail(s) and ${report.failedWorkspaces} workspace(s) failed; retried`);
  return report;
}
