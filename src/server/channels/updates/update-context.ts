import type { RawSql } from "../../infra/db/sql";
import type { OutboxWriter } from "../../infra/outbox/outbox-entry";

/** Where one update is applied: the caller's tenant transaction, its outbox, the channel it is for. */
export type UpdateContext = { tx: RawSql; outbox: OutboxWriter; workspaceId: string; channelId: string; now: Date };

/**
 * What became of one update. `unchanged`: already applied (a redelivery); `skipped`: nothing of
 * ours to apply it to, with a reason that names no content (it is logged).
 */
export type UpdateOutcome = { outcome: "applied" | "unchanged" } | { outcome: "skipped"; reason: string };

export const applied: UpdateOutcome = { outcome: "applied" };
export const unchanged: UpdateOutcome = { outcome: "unchanged" };
export const skipped = (reason: string): UpdateOutcome => ({ outcome: "skipped", reason });
