import { realtimeEventSchema, type RealtimeEvent } from "@/shared/realtime-events";
import { jobCatalog, type AppJobName, type AppJobPayload } from "../jobs/catalog";

/** A side effect a transaction causes: a job to publish or a realtime event to announce. */
export type OutboxEntry =
  | { kind: "job"; name: AppJobName; payload: unknown; dedupId: string | null }
  | { kind: "event"; name: RealtimeEvent["type"]; payload: RealtimeEvent; dedupId: null };

/** An entry as stored: its row id and workspace, and when it was recorded. */
export type OutboxRow = OutboxEntry & { id: string; workspaceId: string; createdAt: Date };

/**
 * Records side effects inside a transaction. Payloads are checked here, against the job's
 * schema or the realtime contract, so a bad one fails the transaction that caused it instead
 * of a relay later.
 */
export class OutboxWriter {
  readonly entries: OutboxEntry[] = [];

  job<N extends AppJobName>(name: N, payload: AppJobPayload<N>, dedupId?: string): this {
    const contract = jobCatalog.get(name);
    if (!contract) throw new Error(`Job "${name}" is not in the job catalog`);
    contract.schema.parse(payload);
    this.entries.push({ kind: "job", name, payload, dedupId: dedupId ?? null });
    return this;
  }

  event(event: RealtimeEvent): this {
    const parsed = realtimeEventSchema.parse(event);
    this.entries.push({ kind: "event", name: parsed.type, payload: parsed, dedupId: null });
    return this;
  }
}
