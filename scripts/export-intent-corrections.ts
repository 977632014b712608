/**
 * `npm run -s intent:corrections -- <workspaceId> > corrections.jsonl`: the workspace's "Not spam"
 * corrections as anonymised intent training lines, for review before they join the classifier's
 * training data (`training-data/intent/`, then `npm run train:intent`).
 */
import { dbPool, disconnectDb } from "../src/server/infra/db/client";
import { assertAppRole } from "../src/server/infra/db/assert-app-role";
import { withTenant } from "../src/server/infra/db/tenant";
import { exportIntentCorrections, toTrainingJsonl } from "../src/server/inbox/export-intent-corrections";

const workspaceId = process.argv[2];
if (!workspaceId) {
  console.error("Usage: npm run -s intent:corrections -- <workspaceId> > corrections.jsonl");
  process.exit(2);
}
await assertAppRole(dbPool());
const examples = await withTenant({ workspaceId }, (tx) => exportIntentCorrections(tx, workspaceId));
process.stdout.write(toTrainingJsonl(examples));
console.error(`${examples.length} corrected examples.`);
await disconnectDb();
