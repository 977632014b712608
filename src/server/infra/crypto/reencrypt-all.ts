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
} as const satisfies Record<string, readonly string[]>;

const BATCH = 500;

/** `workspaceId`: the tenant whose rows to re-encrypt (every tenant table); null for the global `users`. */
async function reencryptTable(tx: Tx | ReturnType<typeof db>, table: keyof typeof ENCRYPTED_COLUMNS, activePrefix: string, workspaceId: string | null): Promise<number> {
  const columns = ENCRYPTED_COLUMNS[table];
  const tenant = workspaceId === null ? Prisma.empty : Prisma.sql`AND "workspaceId" = ${workspaceId}`;
  const cols = Prisma.raw(columns.map((c) => `"${c}"`).join(", "));
  const stale = Prisma.raw(columns.map((c) => `("${c}" IS NOT NULL AND "${c}" NOT LIKE '${activePrefix}%')`).join(" OR "));
  let changed = 0;
  for (;;) {
    const rows = await tx.$queryRaw<Array<Record<string, string | null>>>`SELECT id, ${cols} FROM ${Prisma.raw(`"${table}"`)} WHERE (${stale}) ${tenant} LIMIT ${BATCH}`;
    if (rows.length === 0) return changed;
    for (const row of rows) {
      const sets = columns
        .filter((c) => row[c] != null && !row[c]!.startsWith(activePrefix))
        .map((c) => Prisma.sql`${Prisma.raw(`"${c}"`)} = ${encrypt(decrypt(row[c]!))}`);
      await tx.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.join(sets, ", ")} WHERE id = ${row.id} ${tenant}`;
      changed += 1;
    }
  }
}

/** Moves every encrypted value to the active key (`npm run db:reencrypt`). Idempotent. */
export async function reencryptAll(): Promise<{ rows: number; workspaces: number }> {
  const activePrefix = `v1.${keyRing().activeKeyId}.`;
  let rows = await reencryptTable(db(), "users", activePrefix, null);
  const workspaces = await db().workspaceDirectory.findMany({ select: { workspaceId: true } });
  for (const { workspaceId } of workspaces) {
    rows += await withTenant({ workspaceId }, async (tx) => {
      let n = 0;
      for (const table of Object.keys(ENCRYPTED_COLUMNS) as Array<keyof typeof ENCRYPTED_COLUMNS>) {
        if (table !== "users") n += await reencryptTable(tx, table, activePrefix, workspaceId);
      }
      return n;
    });
  }
  return { rows, workspaces: workspaces.length };
}
