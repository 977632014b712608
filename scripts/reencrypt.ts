/** `npm run db:reencrypt`: re-encrypts every stored value with ENCRYPTION_ACTIVE_KEY_ID (or the first key). */
import { dbPool, disconnectDb } from "../src/server/infra/db/client";
import { assertAppRole } from "../src/server/infra/db/assert-app-role";
import { reencryptAll } from "../src/server/infra/crypto/reencrypt-all";

await assertAppRole(dbPool());

const result = await reencryptAll();
console.log(`Re-encrypted ${result.rows} rows across ${result.workspaces} workspaces.`);
await disconnectDb();
