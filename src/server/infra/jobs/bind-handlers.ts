import { createJobRegistry, defineBatchJob, defineJob, type JobCatalog, type JobRegistry } from "../queue/define-job";
import { processMessages } from "../../pipeline/process-message";
import { sendReplies } from "../../pipeline/send-reply";
import { sweepOutbox } from "../../pipeline/sweep-outbox";
import { refreshDueTokens } from "../../channels/tokens/refresh-due-tokens";
import { pollChannel } from "../../channels/polling/poll-channel";
import { pollChannels } from "../../channels/polling/poll-channels";
import { syncConnectionJob } from "../../crm/sync/sync-connection-job";
import { syncDueConnections } from "../../crm/sync/sync-due-connections";
import { refreshDueCrmTokens } from "../../crm/tokens/refresh-due-crm-tokens";
import { retrainScorer } from "../../leads/retrain-scorer";
import { runRetentionJob } from "../../privacy/apply-retention";
import { notifyWaitingDraftsJob } from "../../notifications/notify-waiting-drafts";
import { runDigestJob } from "../../notifications/send-digests";
import { jobCatalog, type JobHandlerContext } from "./catalog";

/** The catalog's contract for `name`; the catalog is a literal table, so a miss is a typo here. */
function contract<N extends (typeof jobCatalog)["definitions"][number]["name"]>(name: N) {
  const found = jobCatalog.definitions.find((c): c is Extract<(typeof jobCatalog)["definitions"][number], { name: N }> => c.name === name);
  if (!found) throw new Error(`Job "${name}" is not in the job catalog`);
  return found;
}

/**
 * Binds a handler to every job of the catalog. Imported only where jobs run: the embedded
 * queue's start-up (runtime/queue.ts) and the QStash job route. Handlers get `context.publish`
 * for follow-up jobs instead of importing the queue. Fails at start-up if the catalog and the
 * binding disagree (a job without a handler, or a handler for a job the catalog lacks).
 */
export function bindJobHandlers(context: JobHandlerContext) {
  const processMessage = contract("process-message");
  const sendReply = contract("send-reply");
  const retention = contract("retention");
  const sweep = contract("sweep-outbox");
  const refreshTokens = contract("refresh-tokens");
  const fanOut = contract("poll-channels");
  const poll = contract("poll-channel");
  const crmSync = contract("crm-sync");
  const crmSyncConnection = contract("crm-sync-connection");
  const retrain = contract("retrain-scorer");
  const waitingDrafts = contract("notify-waiting-drafts");
  const digest = contract("notification-digest");
  const registry = createJobRegistry([
    defineBatchJob({ ...processMessage, handleBatch: (items, ctx) => processMessages(items, ctx, context) }),
    defineBatchJob({ ...sendReply, handleBatch: (items, ctx) => sendReplies(items, ctx, context) }),
    // Every workspace runs; the job fails at the end if one did, so it is retried and shows.
    defineJob({ ...retention, handler: async () => void (await runRetentionJob()) }),
    defineJob({ ...sweep, handler: async () => void (await sweepOutbox(context)) }),
    // Channels and CRM connections side by side: a failure in one part never stops the other mid-way.
    defineJob({ ...refreshTokens, handler: async () => void (await Promise.all([refreshDueTokens(context), refreshDueCrmTokens(context)])) }),
    defineJob({ ...fanOut, handler: async () => void (await pollChannels(context)) }),
    defineJob({ ...poll, handler: async (payload) => void (await pollChannel(payload, context)) }),
    defineJob({ ...crmSync, handler: async () => void (await syncDueConnections(context)) }),
    defineJob({ ...crmSyncConnection, handler: async (payload) => void (await syncConnectionJob(payload, context)) }),
    defineJob({ ...retrain, handler: async (payload) => void (await retrainScorer(payload.workspaceId, payload.requestedBy)) }),
    defineJob({ ...waitingDrafts, handler: async () => void (await notifyWaitingDraftsJob(context)) }),
    defineJob({ ...digest, handler: async () => void (await runDigestJob()) }),
  ]);
  checkBindingMatchesCatalog(registry, jobCatalog);
  return registry;
}

export type AppJobRegistry = ReturnType<typeof bindJobHandlers>;

/** Throws unless the registry binds exactly the catalog's jobs, each with the catalog's policy. */
export function checkBindingMatchesCatalog(registry: JobRegistry, catalog: JobCatalog): void {
  const bound = new Set(registry.definitions.map((d) => d.name));
  const unbound = catalog.definitions.filter((c) => !bound.has(c.name)).map((c) => c.name);
  const extra = [...bound].filter((name) => !catalog.get(name));
  if (unbound.length > 0 || extra.length > 0) {
    throw new Error(`Job binding does not match the catalog (without handler: ${unbound.join(", ") || "none"}; not in catalog: ${extra.join(", ") || "none"})`);
  }
  for (const contract of catalog.definitions) {
    const definition = registry.get(contract.name)!;
    const samePolicy =
      definition.schema === contract.schema &&
      definition.retry.limit === contract.retry.limit &&
      definition.retry.backoffSeconds === contract.retry.backoffSeconds &&
      definition.timeoutSeconds === contract.timeoutSeconds &&
      definition.batch?.size === contract.batchSize;
    if (!samePolicy) throw new Error(`Job "${contract.name}" is bound with a schema, retry, timeout or batch size other than its catalog contract`);
  }
}
