import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { ConnectionRefusedError, type ConnectionRoles } from "./pglite-connection-roles";

/**
 * Workaround for two defects of @electric-sql/pglite-socket 0.2's query queue, which
 * serialises the wire-protocol messages of all connections into PGlite's single session:
 *  1. it interleaves connections between the messages of one extended-protocol exchange
 *     (Parse, Bind, Describe, Execute ... Sync), so two pooled clients can run each other's
 *     unnamed statements;
 *  2. when PGlite throws on a message it rejects that message and returns with its
 *     `processing` flag still set, so every later query of every connection waits forever.
 * This replaces the queue's loop: a connection that started an exchange (or a transaction)
 * keeps the session until its Sync (or COMMIT/ROLLBACK), and a failure never stops the loop.
 * Between two such units, where no connection owns the session, `roles` switches the session
 * to the next connection's login role (pglite-connection-roles.ts).
 */
type Item = { handlerId: number; message: Uint8Array; resolve: (n: number) => void; reject: (e: unknown) => void; onData: (d: Uint8Array) => void };
type Queue = {
  queue: Item[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue: () => Promise<void>;
  clearQueueForHandler: (handlerId: number) => void;
  clearTransactionIfNeeded: (handlerId: number) => Promise<void>;
};

const EXCHANGE_MESSAGES = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H
const SYNC = 0x53; // S

export function serialiseProtocolExchanges(server: PGLiteSocketServer, roles: ConnectionRoles): void {
  // The queue is a private field of the server; reached at run time on purpose (see above).
  const q = (server as unknown as { queryQueue: Queue }).queryQueue;
  let exchangeOwner: number | null = null;

  q.processQueue = async function processQueue(this: Queue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = exchangeOwner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        if (index === -1) break; // the owner's next message has not arrived yet
        const [item] = this.queue.splice(index, 1);
        if (!item) break;
        try {
          await roles.beforeMessage(item.handlerId, item.message, owner === null);
        } catch (error) {
          if (error instanceof ConnectionRefusedError && error.response) item.onData(error.response);
          item.reject(error); // the socket handler closes the connection
          continue;
        }
        const type = item.message[0] ?? 0;
        if (EXCHANGE_MESSAGES.has(type)) exchangeOwner = item.handlerId;
        else if (type === SYNC) exchangeOwner = null;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                roles.observe(data);
                item.onData(data);
              },
            }),
          );
          this.lastHandlerId = item.handlerId;
          roles.afterMessage(item.handlerId);
          item.resolve(bytes);
        } catch (error) {
          if (exchangeOwner === item.handlerId) exchangeOwner = null;
          if (!(error instanceof ConnectionRefusedError)) roles.invalidate(); // PGlite failed mid-message
          item.reject(error);
        }
      }
    } finally {
      this.processing = false;
    }
  };

  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    if (exchangeOwner === handlerId) exchangeOwner = null;
    roles.forget(handlerId);
    clear(handlerId);
    void q.processQueue();
  };

  // Rolling back a closed connection's transaction may undo a change of the session's role.
  const clearTransaction = q.clearTransactionIfNeeded.bind(q);
  q.clearTransactionIfNeeded = async (handlerId: number) => {
    if (q.db.isInTransaction() && q.lastHandlerId === handlerId) roles.invalidate();
    await clearTransaction(handlerId);
  };
}
