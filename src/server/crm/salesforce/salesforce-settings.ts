import { CrmConfigError, type CrmCredentials } from "../crm-connector";

/**
 * Per-connection settings, read from `CrmCredentials.metadata` (strings only). Every key but
 * `instanceUrl` is optional; docs/crm/salesforce.md lists them for admins.
 */
export type SalesforceSettings = {
  /** The org's API host, from the token response's `instance_url`. */
  instanceUrl: string;
  /** The Lead field Leadline upserts by; it must be marked External ID in the org. */
  externalIdField: string;
  /** Written to LeadSource on every upsert; "" leaves LeadSource alone. */
  leadSource: string;
  /** Lead requires Company; social leads rarely have one. */
  defaultCompany: string;
  /** Lead statuses that mean "lost" when the lead was not converted. Converted means won. */
  lostStatuses: string[];
  /** Requests left in the org's daily allocation that Leadline never spends. */
  dailyReserve: number;
  /** The org's daily allocation when known (Setup -> Company Information), null: Salesforce's figure decides. */
  dailyRequests: number | null;
};

export const DEFAULT_EXTERNAL_ID_FIELD = "Leadline_Id__c";
export const DEFAULT_LEAD_SOURCE = "Social (Leadline)";
export const DEFAULT_COMPANY = "[not provided]";
/** The standard Lead Status picklist's closed-not-converted value. */
export const DEFAULT_LOST_STATUSES = ["Closed - Not Converted"];
export const DEFAULT_DAILY_RESERVE = 5;

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function salesforceSettings(creds: CrmCredentials): SalesforceSettings {
  const m = creds.metadata;
  const instanceUrl = parseInstanceUrl(m.instanceUrl);
  const externalIdField = m.externalIdField?.trim() || DEFAULT_EXTERNAL_ID_FIELD;
  if (!API_NAME.test(externalIdField)) throw new CrmConfigError("Salesforce: the external-id field setting is not a field API name.");
  return {
    instanceUrl,
    externalIdField,
    leadSource: m.leadSource ?? DEFAULT_LEAD_SOURCE,
    defaultCompany: m.defaultCompany?.trim() || DEFAULT_COMPANY,
    lostStatuses: m.lostStatuses ? m.lostStatuses.split("|").map((s) => s.trim()).filter(Boolean) : DEFAULT_LOST_STATUSES,
    dailyReserve: nonNegativeInt(m.dailyReserve, DEFAULT_DAILY_RESERVE),
    dailyRequests: m.dailyRequests ? nonNegativeInt(m.dailyRequests, 0) || null : null,
  };
}

/** https only (the fake runs on http://127.0.0.1, so loopback http is allowed); no path, no credentials. */
function parseInstanceUrl(raw: string | undefined): string {
  if (!raw) throw new CrmConfigError("Salesforce: the connection has no instance URL; reconnect Salesforce.");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CrmConfigError("Salesforce: the connection's instance URL is not a URL; reconnect Salesforce.");
  }
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if ((url.protocol !== "https:" && !(loopback && url.protocol === "http:")) || url.username || url.password) {
    throw new CrmConfigError("Salesforce: the connection's instance URL must be an https URL; reconnect Salesforce.");
  }
  return url.origin;
}

function nonNegativeInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}
