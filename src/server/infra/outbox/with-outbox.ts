import { withTenantSql, type RawSql, type SqlTx } from "../db/sql";
import { withTenant, type TenantScope, type Tx } from "../db/tenant";
import { OutboxWriter, type OutboxRow } from "./outbox-entry";
import { recordOutbox, recordOutboxAtCommit } from "./record-outbox";
import { relayOutbox, type OutboxPublisher } from "./relay-outbox";

/**
 * A tenant transaction whose side effects happen after commit and are never lost
 * (docs/architecture.md#side-effects-after-commit): `fn` records jobs and realtime events on
 * the writer; they are written to the outbox in the same transaction, so they exist exactly when
 * the data that caused them does, and relayed once it has committed. A failed relay leaves the
 * rows for the sweeper; it never fails the caller, whose work is already durable.
 */
export function withTenantOutbox<T>(scope: TenantScope, publisher: OutboxPublisher, fn: (tx: Tx, outbox: OutboxWriter) => Promise<T>): Promise<T> {
  return afterCommit(scope.workspaceId, publisher, {}, (finish) =>
    withTenant(scope, async (tx) => {
      const writer = new OutboxWriter();
      const result = await fn(tx, writer);
      await finish(tx, writer);
      return result;
    }),
  );
}

export type RelayOptions = {
  /**
   * Return once committed and relay meanwhile (the webhook answers its platform sooner). Only
   * where the process keeps running: a serverless request may be frozen once answered, and its
   * rows would wait for the sweeper.
   */
  relayInBackground?: boolean;
};

/** `withTenantOutbox` on the raw-SQL transaction of the pipeline's hot path. */
export function withTenantSqlOutbox<T>(scope: TenantScope, publisher: OutboxPublisher, fn: (tx: SqlTx, outbox: OutboxWriter) => Promise<T>, options: RelayOptions = {}): Promise<T> {
  return afterCommit(scope.workspaceId, publisher, options, (finish) =>
    withTenantSql(scope, async (tx) => {
      const writer = new OutboxWriter();
      const result = await fn(tx, writer);
      await finish(tx, writer, (entries) => recordOutboxAtCommit(tx, scope.workspaceId, entries));
      return result;
    }),
  );
}

type Finish = (tx: RawSql, writer: OutboxWriter, record?: (entries: OutboxWriter["entries"]) => OutboxRow[]) => Promise<void>;

/**
 * Runs the transaction, which calls `finish` last to write what it recorded (with `record` when
 * the transaction writes it another way: with its COMMIT); relays after commit.
 */
async function afterCommit<T>(workspaceId: string, publisher: OutboxPublisher, options: RelayOptions, transaction: (finish: Finish) => Promise<T>): Promise<T> {
  let rows: OutboxRow[] = [];
  const result = await transaction(async (tx, writer, record) => {
    rows = record ? record(writer.entries) : await recordOutbox(tx, workspaceId, writer.entries);
  });
  // relayOutbox never throws: a failed publish leaves the rows for the sweeper.
  if (options.relayInBackground) void relayOutbox(rows, publisher);
  else await relayOutbox(rows, publisher);
  return result;
}
