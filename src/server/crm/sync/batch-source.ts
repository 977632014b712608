import { withTenantSql } from "../../infra/db/sql";
import { LEASE_RENEW_MS, renewLease } from "./connection-lease";
import { selectChangedLeads, type ChangedLead, type WalkPosition } from "./select-changed-leads";

export type BatchSourceOptions = {
  workspaceId: string;
  connectionId: string;
  /** The run's lease owner, and when it took the lease. */
  owner: string;
  leaseTakenAt: Date;
  batchSize: number;
  /** Batches one turn selects at once: one per loop of the run. */
  batchesPerTurn: number;
  now: () => Date;
};

/**
 * Where a sync run's loops take their batches (run-connection-sync.ts). Loops take turns, so two
 * never hold the same lead: a turn hands out a batch already selected, or selects the next
 * `batchesPerTurn` batches in one query, walking the workspace's leads from where the last turn
 * stopped (select-changed-leads.ts). A batch's leads stay out of every later select until
 * `release()`: once its links are written, or when it is dropped unsent. The lease is renewed in a
 * turn every LEASE_RENEW_MS; a turn that finds it lost answers null and so does every later one.
 */
export class BatchSource {
  private readonly inFlight = new Set<string>();
  private readonly ready: ChangedLead[][] = [];
  private walk: WalkPosition | null = null;
  private renewedAt: number;
  private leaseLost = false;
  private turns: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: BatchSourceOptions) {
    this.renewedAt = o.leaseTakenAt.getTime();
  }

  /** The next batch; [] when nothing is left but batches still held; null when the lease is lost. */
  next(): Promise<ChangedLead[] | null> {
    const turn = this.turns.then(async () => {
      if (this.leaseLost) return null;
      const queued = this.ready.shift();
      if (queued) return queued;
      await this.fill();
      return this.leaseLost ? null : (this.ready.shift() ?? []);
    });
    this.turns = turn.catch(() => undefined);
    return turn;
  }

  release(batch: readonly ChangedLead[]): void {
    for (const c of batch) this.inFlight.delete(c.leadId);
  }

  private async fill(): Promise<void> {
    const { workspaceId, connectionId, owner, now } = this.o;
    await withTenantSql({ workspaceId }, async (tx) => {
      // Renewing writes (a WAL flush at commit): done every LEASE_RENEW_MS, not every turn.
      if (now().getTime() - this.renewedAt >= LEASE_RENEW_MS) {
        if (!(await renewLease(tx, workspaceId, connectionId, owner, now()))) {
          this.leaseLost = true;
          return;
        }
        this.renewedAt = now().getTime();
      }
      const limit = this.o.batchSize * this.o.batchesPerTurn;
      const changed = await selectChangedLeads(tx, workspaceId, connectionId, limit, now(), { after: this.walk, exclude: [...this.inFlight] });
      for (const c of changed) this.inFlight.add(c.leadId);
      this.walk = changed.at(-1)?.position ?? this.walk;
      for (let i = 0; i < changed.length; i += this.o.batchSize) this.ready.push(changed.slice(i, i + this.o.batchSize));
    });
  }
}
