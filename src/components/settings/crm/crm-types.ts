import type { RouterOutputs } from "@/components/trpc/router-types";

export type CrmConnection = RouterOutputs["crm"]["list"][number];
export type CrmProviderOption = RouterOutputs["crm"]["providers"][number];
export type CrmRun = RouterOutputs["crm"]["runs"][number];
export type CrmFailedLead = RouterOutputs["crm"]["failedLeads"]["leads"][number];
export type CrmProvider = CrmConnection["provider"];
export type CrmConnectionStatus = CrmConnection["status"];
export type CrmLinkState = keyof CrmConnection["counts"];
