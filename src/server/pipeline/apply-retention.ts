import { recordAudit } from "../audit/record-audit";
import { db } from "../infra/db/client";
import { withTenant } from "../infra/db/tenant";

const DAY_MS = 86_400_000;

/**
 * The daily `retention` job (docs/architecture.md#the-flow-of-one-message, "Forget"): removes raw message text older than each
 * workspace's retention, keeping the derived data (intent, lead tier/score/reason/tags), and
 * abandoned channel-connect flows a day after they expired. Idempotent: already-redacted
 * messages are skipped.
 */
export async function applyRetention(now = new Date()): Promise<{ workspaces: number; redacted: number }> {
  const directory = await db().workspaceDirectory.findMany({ select: { workspaceId: true } });
  let redacted = 0;
  for (const { workspaceId } of directory) {
    redacted += await withTenant({ workspaceId }, async (tx) => {
      const workspace = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { retentionDays: true } });
      if (!workspace) return 0;
      const cutoff = new Date(now.getTime() - workspace.retentionDays * DAY_MS);
      const { count } = await tx.message.updateMany({
        where: { workspaceId, receivedAt: { lt: cutoff }, textEnc: { not: null } },
        data: { textEnc: null, redactedAt: now },
      });
      if (count > 0) {
        await recordAudit(tx, workspaceId, { actor: { type: "SYSTEM" }, action: "retention.redact", metadata: { messages: count, retentionDays: workspace.retentionDays } });
      }
      // Connect flows nobody finished still hold the offered accounts' tokens (encrypted): gone a
      // day after they expired, whatever the workspace's retention.
      await tx.oAuthState.deleteMany({ where: { workspaceId, expiresAt: { lt: new Date(now.getTime() - DAY_MS) } } });
      return count;
    });
  }
  return { workspaces: directory.length, redacted };
}
