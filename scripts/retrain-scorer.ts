/** `npm run scorer:retrain -- <workspaceId>`: retrains a workspace's lead scorer from its won/lost marks. */
import { dbPool, disconnectDb } from "../src/server/infra/db/client";
import { assertAppRole } from "../src/server/infra/db/assert-app-role";
import { retrainScorer } from "../src/server/leads/retrain-scorer";

const workspaceId = process.argv[2];
if (!workspaceId) {
  console.error("Usage: npm run scorer:retrain -- <workspaceId>");
  process.exit(2);
}
await assertAppRole(dbPool());
const result = await retrainScorer(workspaceId, null);
console.log(result.trained ? `Retrained on ${result.examples} leads: AUC ${result.metrics.auc.toFixed(3)}, accuracy ${result.metrics.accuracy.toFixed(3)}` : `Not retrained (${result.examples} labelled leads): ${result.reason}`);
await disconnectDb();
