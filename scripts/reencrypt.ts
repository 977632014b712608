/** `npm run db:reencrypt`: re-encrypts every stored value with ENCRYPTION_ACTIVE_KEY_ID (or the first key). */
import { disconnectDb } from "../src/server/db/client";
import { reencryptAll } from "../src/server/crypto/reencrypt-all";

const result = await reencryptAll();
console.log(`Re-encrypted ${result.rows} rows across ${result.workspaces} workspaces.`);
await disconnectDb();
