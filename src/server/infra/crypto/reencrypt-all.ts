import { Prisma } from "@/generated/prisma/client";
import { db } from "../db/client";
import { withTenant, type Tx } from "../db/tenant";
import { decrypt, encrypt, keyRing } from "./field-crypto";

/** Every encrypted column. A new "...Enc" column is added here, and the test checks it is. */
export const ENCRYPTED_COLUMNS = {
  users: ["emailEnc", "nameEnc"],
  invitations: ["emailEnc"],
  channels: ["accessTokenEnc", "refreshTokenEnc", "secretEnc"],
  contacts: ["platformUserIdEnc", "displayNameEnc", "handleEnc", "emailEnc", "phoneEnc", "profileEnc"],
  messages: ["textEnc"],
  replies: ["textEnc"],
  crm_connections: ["credentialsEnc", "accessTokenEnc", "refreshTokenEnc"],
  oauth_states: ["codeVerifierEnc", "accountsEnc"],
  mail_outbox: ["toEnc", "textEnc", "htmlEnc"],
  conversation_notes: ["textEnc"],
} as const satisfies Record<string, readonly string[]>;

type Table = keyof typeof ENCRYPTED_COLUMNS;

/** Tables outside any workspace (no "workspaceId", no row-level security): re-encrypted once, not per tenant. */
const GLOBAL_TABLES: ReadonlySet<Table> = new Set(["users", "mail_outbox"]);
const TABLES = Object.keys(ENCRYPTED_COLUMNS) as Table[];

/** Rows per transaction: each batch commits on its own, well inside the 30 s transaction limit. */
export const REENCRYPT_BATCH = 500;

/** One committed batch: which table (and tenant), how many rows it moved, how many so far. */
export type ReencryptProgress = { table: Table; workspaceId: string | null; batchRows: number; tableRows: number };

export type ReencryptOptions = {
  batchSize?: number;
  onProgress?: (p: ReencryptProgress) => void;
  /** Only these workspaces' tables; the global tables (users, mail outbox) are then left alone. */
  workspaceIds?: readonly string[];
};

/**
 * Moves one table's values (of one tenant; null for a global table) to the active key, in
 * batches of `batchSize` rows, each its own transaction, walking the primary key (keyset): a
 * batch reads the next stale rows after the last id seen, so a crash loses at most one batch and
 * a rerun finds only what is left. A value already on the active key is never decrypted: the
 * prefix test runs in the database. Each value is replaced only if it is still the one read, so
 * a write that lands meanwhile (already on the active key) is kept.
 */
async function reencryptTable(table: Table, activePrefix: string, workspaceId: string | null, batchSize: number, onProgress?: ReencryptOptions["onProgress"]): Promise<number> {
  const columns = ENCRYPTED_COLUMNS[table];
  const tenant = workspaceId === null ? Prisma.empty : Prisma.sql`AND "workspaceId" = ${workspaceId}`;
  const cols = Prisma.raw(columns.map((c) => `"${c}"`).join(", "));
  const prefix = `${activePrefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const stale = Prisma.join(columns.map((c) => Prisma.sql`(${Prisma.raw(`"${c}"`)} IS NOT NULL AND ${Prisma.raw(`"${c}"`)} NOT LIKE ${prefix})`), " OR ");
  const run = <T>(fn: (tx: Tx) => Promise<T>) => (workspaceId === null ? db().$transaction(fn, { timeout: 30_000 }) : withTenant({ workspaceId }, fn));
  let after = "";
  let changed = 0;
  for (;;) {
    const batch = await run(async (tx) => {
      const rows = await tx.$queryRaw<Array<Record<string, string | null> & { id: string }>>`
        SELECT id, ${cols} FROM ${Prisma.raw(`"${table}"`)} WHERE id > ${after} AND (${stale}) ${tenant} ORDER BY id LIMIT ${batchSize}`;
      if (rows.length === 0) return { rows: 0, last: null };
      // Per column: the value read (null when it needs nothing) and its re-encryption.
      const sets = columns.map((c) => {
        const old = rows.map((r) => (r[c] != null && !r[c]!.startsWith(activePrefix) ? r[c]! : null));
        return { c, old, fresh: old.map((v) => (v === null ? null : encrypt(decrypt(v)))) };
      });
      const assignments = Prisma.join(
        sets.map((s, i) => Prisma.sql`${Prisma.raw(`"${s.c}"`)} = CASE WHEN ${Prisma.raw(`u.old${i}`)} IS NOT NULL AND t.${Prisma.raw(`"${s.c}"`)} = ${Prisma.raw(`u.old${i}`)} THEN ${Prisma.raw(`u.new${i}`)} ELSE t.${Prisma.raw(`"${s.c}"`)} END`),
        ", ",
      );
      const arrays = Prisma.join([Prisma.sql`${rows.map((r) => r.id)}::text[]`, ...sets.flatMap((s) => [Prisma.sql`${s.old}::text[]`, Prisma.sql`${s.fresh}::text[]`])], ", ");
      const names = Prisma.raw(["id", ...sets.flatMap((_, i) => [`old${i}`, `new${i}`])].join(", "));
      await tx.$executeRaw`
        UPDATE ${Prisma.raw(`"${table}"`)} t SET ${assignments}
        FROM unnest(${arrays}) AS u(${names})
        WHERE t.id = u.id ${workspaceId === null ? Prisma.empty : Prisma.sql`AND t."workspaceId" = ${workspaceId}`}`;
      return { rows: rows.length, last: rows.at(-1)!.id };
    });
    if (batch.last === null) return changed;
    changed += batch.rows;
    after = batch.last;
    onProgress?.({ table, workspaceId, batchRows: batch.rows, tableRows: changed });
    if (batch.rows < batchSize) return changed;
  }
}

/**
 * Moves every encrypted value to the active key (`npm run db:reencrypt`): the global tables,
 * then each workspace table by table, in bounded batches (see reencryptTable). Idempotent and
 * resumable: a rerun after a crash skips what is done, cheaply. With `workspaceIds`, only those
 * tenants (`npm run db:reencrypt -- --workspace <id>`).
 */
export async function reencryptAll(options: ReencryptOptions = {}): Promise<{ rows: number; workspaces: number }> {
  const activePrefix = `v1.${keyRing().activeKeyId}.`;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? REENCRYPT_BATCH, 5_000));
  const scoped = options.workspaceIds !== undefined;
  let rows = 0;
  if (!scoped) for (const table of TABLES) if (GLOBAL_TABLES.has(table)) rows += await reencryptTable(table, activePrefix, null, batchSize, options.onProgress);
  const workspaces = await db().workspaceDirectory.findMany({
    select: { workspaceId: true },
    where: scoped ? { workspaceId: { in: [...options.workspaceIds!] } } : {},
    orderBy: { workspaceId: "asc" },
  });
  for (const { workspaceId } of workspaces) {
    for (const table of TABLES) if (!GLOBAL_TABLES.has(table)) rows += await reencryptTable(table, activePrefix, workspaceId, batchSize, options.onProgress);
  }
  return { rows, workspaces: workspaces.length };
}
