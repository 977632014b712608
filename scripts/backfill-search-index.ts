/**
 * `npm run db:backfill-search`: fills the inbox's blind search index for messages
 * and contacts not indexed yet (src/server/inbox/search-index.ts), in batches per workspace.
 * Safe to stop and run again. Prints counts only, never a text.
 */
import { dbPool, disconnectDb } from "../src/server/infra/db/client";
import { assertAppRole } from "../src/server/infra/db/assert-app-role";
import { backfillSearchIndex } from "../src/server/inbox/backfill-search-index";

await assertAppRole(dbPool());
const started = Date.now();
const result = await backfillSearchIndex({ onProgress: (p) => console.log(`workspace ${p.workspaceId}: +${p.messages} messages, +${p.contacts} contacts`) });
console.log(`Indexed ${result.messages} messages and ${result.contacts} contacts across ${result.workspaces} workspaces in ${Math.round((Date.now() - started) / 1000)} s.`);
await disconnectDb();
