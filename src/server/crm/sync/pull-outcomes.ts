import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import type { CrmOutcome } from "../crm-connector";
import { applyCrmOutcomes } from "./apply-outcomes";
import type { LeasedConnection } from "./connection-lease";
import { inOutboxTransaction } from "./finish-run";

/** Pages of outcomes per run; the rest waits for the next run (the cursor keeps the place). */
const MAX_PAGES = 10;

/**
 * Pulls won / lost verdicts since the connection's cursor, page by page: each page's verdicts
 * and the new cursor are stored in one transaction, so a crash between pages repeats at most
 * one page, and applying a verdict twice changes nothing. Returns how many leads changed.
 */
export async function pullOutcomes(input: {
  workspaceId: string;
  connection: LeasedConnection;
  pull: (cursor: string | null) => Promise<{ outcomes: CrmOutcome[]; cursor: string }>;
  publisher?: OutboxPublisher;
  now: () => Date;
}): Promise<number> {
  const { workspaceId, connection } = input;
  let cursor = connection.outcomeCursor;
  let applied = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { outcomes, cursor: next } = await input.pull(cursor);
    applied += await inOutboxTransaction(workspaceId, input.publisher, async (tx, outbox) => {
      const changed = await applyCrmOutcomes(tx, outbox, { workspaceId, connectionId: connection.id, provider: connection.provider, outcomes, now: input.now() });
      await tx.$executeRaw`UPDATE crm_connections SET "outcomeCursor" = ${next} WHERE id = ${connection.id} AND "workspaceId" = ${workspaceId}`;
      return changed;
    });
    if (outcomes.length === 0 || next === cursor) break;
    cursor = next;
  }
  return applied;
}
