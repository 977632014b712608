/**
 * `npm run db:reencrypt`: re-encrypts every stored value with ENCRYPTION_ACTIVE_KEY_ID (or the
 * first key), in batches of REENCRYPT_BATCH rows per transaction (REENCRYPT_BATCH_SIZE to
 * change it). Safe to stop and run again: a rerun continues where the last committed batch
 * ended. Prints one line per batch (table, workspace id, counts; never a value).
 * `-- --workspace <id>` (repeatable) moves only those workspaces' data, not the global tables.
 */
import { dbPool, disconnectDb } from "../src/server/infra/db/client";
import { assertAppRole } from "../src/server/infra/db/assert-app-role";
import { REENCRYPT_BATCH, reencryptAll } from "../src/server/infra/crypto/reencrypt-all";

const requested = Number(process.env.REENCRYPT_BATCH_SIZE ?? REENCRYPT_BATCH);
if (!Number.isInteger(requested) || requested < 1 || requested > 5_000) {
  console.error("REENCRYPT_BATCH_SIZE must be a whole number from 1 to 5000.");
  process.exit(2);
}

const workspaceIds = process.argv.flatMap((arg, i, all) => (arg === "--workspace" && all[i + 1] ? [all[i + 1]!] : []));
if (process.argv.includes("--workspace") && workspaceIds.length === 0) {
  console.error("--workspace needs a workspace id.");
  process.exit(2);
}

await assertAppRole(dbPool());

const started = Date.now();
const result = await reencryptAll({
  batchSize: requested,
  workspaceIds: workspaceIds.length > 0 ? workspaceIds : undefined,
  onProgress: (p) => console.log(`${p.table}${p.workspaceId ? ` (workspace ${p.workspaceId})` : ""}: +${p.batchRows} rows, ${p.tableRows} so far`),
});
console.log(`Re-encrypted ${result.rows} rows across ${result.workspaces} workspaces in ${Math.round((Date.now() - started) / 1000)} s.`);
await disconnectDb();
