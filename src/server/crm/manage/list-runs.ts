import type { RunStatus } from "@/generated/prisma/client";
import type { CrmActor } from "./crm-actor";
import { loadConnection } from "./load-connection";

export type CrmRunSummary = {
  id: string; trigger: string; status: RunStatus; startedAt: Date; finishedAt: Date | null; durationMs: number | null;
  attempted: number; created: number; updated: number; failed: number; dead: number; calls: number; outcomes: number; error: string | null;
};

export const RUNS_SHOWN = 20;

/** The last 20 sync runs of one connection, newest first (counts and the run's error: no lead data); NOT_FOUND for another workspace's connection. */
export async function listCrmRuns(actor: CrmActor, connectionId: string): Promise<CrmRunSummary[]> {
  return actor.tenant(async (tx) => {
    await loadConnection(tx, actor.workspaceId, connectionId);
    return tx.crmSyncRun.findMany({
      where: { workspaceId: actor.workspaceId, connectionId },
      orderBy: { startedAt: "desc" },
      take: RUNS_SHOWN,
      select: {
        id: true, trigger: true, status: true, startedAt: true, finishedAt: true, durationMs: true,
        attempted: true, created: true, updated: true, failed: true, dead: true, calls: true, outcomes: true, error: true,
      },
    });
  });
}
