import type { CrmProvider } from "@/generated/prisma/client";
import type { CrmOAuthProvider } from "../crm-connector";

export type CrmOAuthId = CrmOAuthProvider["id"];

/** The URL segment of /api/oauth/<id>/... for each OAuth CRM (channels use "meta" and "x"). */
const IDS: Record<CrmOAuthId, CrmProvider> = { hubspot: "HUBSPOT", salesforce: "SALESFORCE", pipedrive: "PIPEDRIVE" };

export const CRM_OAUTH_IDS = Object.keys(IDS) as CrmOAuthId[];

export function isCrmOAuthId(value: string): value is CrmOAuthId {
  return Object.hasOwn(IDS, value);
}

export function crmProviderOfOAuthId(id: CrmOAuthId): CrmProvider {
  return IDS[id];
}

export function crmOAuthIdOf(provider: CrmProvider): CrmOAuthId | null {
  return CRM_OAUTH_IDS.find((id) => IDS[id] === provider) ?? null;
}
