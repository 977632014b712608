import { z } from "zod";
import { env } from "../../infra/env/load-env";
import { apiTokenInput, connectApiToken } from "../../crm/manage/connect-api-token";
import { connectWebhook } from "../../crm/manage/connect-webhook";
import { disconnectCrm } from "../../crm/manage/disconnect-crm";
import { listCrmFailedLeads } from "../../crm/manage/failed-leads";
import { fieldMappingInput } from "../../crm/manage/field-mapping";
import { listCrmConnections } from "../../crm/manage/list-connections";
import { listCrmProviders } from "../../crm/manage/list-providers";
import { listCrmRuns } from "../../crm/manage/list-runs";
import { retryCrmLead } from "../../crm/manage/retry-lead";
import { syncCrmNow } from "../../crm/manage/sync-now";
import { testCrmConnection } from "../../crm/manage/test-connection";
import { crmSettingsInput, updateCrmSettings } from "../../crm/manage/update-settings";
import { listCrmFields, updateCrmMapping } from "../../crm/manage/update-mapping";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

const id = z.string().trim().min(1).max(100);
const connection = z.object({ connectionId: id });

/**
 * Settings -> CRM. Everyone reads (viewers without names of leads; nobody ever gets a token or
 * secret back, except the webhook secret once, to the admin who generated it); admins connect,
 * test, map, set the interval, sync, retry and disconnect. Every mutation is audited.
 */
export const crmRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listCrmConnections(ctx)),
  providers: viewerProcedure.query(() => listCrmProviders()),
  runs: viewerProcedure.input(connection).query(({ ctx, input }) => listCrmRuns(ctx, input.connectionId)),
  failedLeads: viewerProcedure.input(connection).query(({ ctx, input }) => listCrmFailedLeads(ctx, input.connectionId)),
  // A call to the CRM on each look, so admins only (it also reveals the CRM's schema).
  fields: adminProcedure.input(connection).query(({ ctx, input }) => listCrmFields(ctx, input.connectionId)),
  connectApiToken: adminProcedure.input(apiTokenInput).mutation(({ ctx, input }) => connectApiToken(ctx, input)),
  connectWebhook: adminProcedure
    .input(z.object({ url: z.string().trim().min(1, "Enter the URL to post to").max(2048, "The URL is too long") }))
    .mutation(({ ctx, input }) => connectWebhook(ctx, input, { production: env().NODE_ENV === "production" })),
  test: adminProcedure.input(connection).mutation(({ ctx, input }) => testCrmConnection(ctx, input.connectionId)),
  updateMapping: adminProcedure
    .input(z.object({ connectionId: id, mapping: fieldMappingInput }))
    .mutation(({ ctx, input }) => updateCrmMapping(ctx, input.connectionId, input.mapping)),
  updateSettings: adminProcedure.input(crmSettingsInput).mutation(({ ctx, input }) => updateCrmSettings(ctx, input)),
  syncNow: adminProcedure.input(connection).mutation(({ ctx, input }) => syncCrmNow(ctx, input.connectionId)),
  retryLead: adminProcedure.input(z.object({ linkId: id })).mutation(({ ctx, input }) => retryCrmLead(ctx, input.linkId)),
  disconnect: adminProcedure.input(connection).mutation(({ ctx, input }) => disconnectCrm(ctx, input.connectionId)),
});
