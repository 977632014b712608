import type { CrmProvider } from "@/generated/prisma/client";

/**
 * The contract every CRM connector meets (HubSpot, Salesforce, Pipedrive, the signed webhook).
 * The sync engine (`src/server/crm/sync/`) decides what to send and when, paces calls and
 * records outcomes; a connector only speaks its CRM's wire format. One registry row per
 * provider (`crm-registry.ts`).
 */

/** Leadline's side of a field mapping. The mapping says which CRM property each one fills. */
export const LEADLINE_FIELDS = ["name", "email", "phone", "handle", "platform", "tier", "score", "reason", "tags", "status", "intent", "inboxUrl"] as const;
export type LeadlineField = (typeof LEADLINE_FIELDS)[number];
/** Leadline field -> CRM property name. A field left out is not sent. */
export type FieldMapping = Partial<Record<LeadlineField, string>>;

/**
 * One lead as the CRM receives it. PII is decrypted here: delivering it to the company's own
 * CRM is the purpose of the sync. It never goes to logs, errors or sync-run rows.
 */
export type CrmLeadRecord = {
  leadId: string;
  /** The stable id the CRM upserts by (Leadline's lead id): a retry can never create a second record. */
  externalKey: string;
  /** The CRM's own id from an earlier sync of this lead to this connection, when known. */
  externalId: string | null;
  version: number;
  values: {
    name: string | null;
    email: string | null;
    phone: string | null;
    handle: string | null;
    platform: string;
    tier: "HOT" | "WARM" | "COLD";
    score: number;
    reason: string;
    tags: string[];
    status: "NEW" | "QUALIFIED" | "WON" | "LOST";
    intent: string | null;
    inboxUrl: string;
  };
};

/** The conversation attached to the CRM record as a note / activity. */
export type CrmNote = {
  leadId: string;
  externalId: string;
  summary: string;
  lastMessages: Array<{ direction: "INBOUND" | "OUTBOUND"; text: string; at: Date }>;
};

/** What happened to one record of a batch. A rejected record never fails its batch. */
export type CrmRecordResult =
  | { leadId: string; ok: true; externalId: string; created: boolean }
  | { leadId: string; ok: false; reason: string; retryable: boolean };

/** A won / lost verdict found in the CRM. `externalKey` is Leadline's lead id when the CRM record carries it. */
export type CrmOutcome = { externalId: string; externalKey: string | null; outcome: "WON" | "LOST"; at: Date };

export type CrmField = { name: string; label: string; type: string; required: boolean };

/**
 * What a connector is handed for each call. `accessToken` is an OAuth access token (fresh:
 * the token manager refreshed it first), an API token (Pipedrive) or the signing secret (webhook).
 */
export type CrmCredentials = { connectionId: string; accessToken: string; metadata: Record<string, string> };

/**
 * Given by the engine: `beforeRequest()` is awaited before every HTTP request (it paces calls to the
 * CRM's limits and counts them); `afterResponse()`, when given, is called once that request has its
 * answer or has failed, so the pacer can count the request in the CRM's window until then.
 */
export type CrmCallContext = { beforeRequest(): Promise<void>; afterResponse?(): void };

export type CrmLimits = {
  /** Records per upsert call (HubSpot 100, Salesforce 200, Pipedrive 1: no bulk upsert). */
  batchSize: number;
  /** Burst limit: at most `requests` per `perMs` (HubSpot per 10 s, Pipedrive per 2 s). */
  burst: { requests: number; perMs: number };
  /** Requests per day, null when the CRM has no daily cap we pace to. */
  dailyRequests: number | null;
  /** Batches a sync run keeps in flight at once when fewer than the engine's default suit the receiver. */
  batchesInFlight?: number;
};

export type CrmAuth =
  | { kind: "oauth"; scopes: string[] }
  | { kind: "apiToken"; hint: string }
  | { kind: "webhook" };

export interface CrmConnector {
  provider: CrmProvider;
  label: string;
  auth: CrmAuth;
  limits: CrmLimits;
  /** The limits of one account when they depend on it (HubSpot's plan, from the connection's metadata); default `limits`. */
  limitsFor?(metadata: Record<string, string>): CrmLimits;
  defaultMapping: FieldMapping;
  /** Who the credentials belong to ("portal 123", the org's name, the URL host); throws CrmAuthError when refused. */
  testConnection(creds: CrmCredentials, ctx: CrmCallContext): Promise<{ account: string }>;
  /** The CRM's fields a mapping may point at. */
  listFields(creds: CrmCredentials, ctx: CrmCallContext): Promise<CrmField[]>;
  /**
   * Makes the CRM ready before a run and checks the mapping (creates HubSpot's unique id
   * property, checks Salesforce's external-id field exists). Idempotent. Throws CrmConfigError
   * when the mapping names a property that does not exist.
   */
  prepare(creds: CrmCredentials, mapping: FieldMapping, ctx: CrmCallContext): Promise<void>;
  /** Upserts at most `limits.batchSize` records by their externalKey; one result per record, in any order. */
  upsert(creds: CrmCredentials, records: CrmLeadRecord[], mapping: FieldMapping, ctx: CrmCallContext): Promise<CrmRecordResult[]>;
  /** Attaches (or replaces) the conversation note of records already upserted. */
  attachNotes(creds: CrmCredentials, notes: CrmNote[], ctx: CrmCallContext): Promise<CrmRecordResult[]>;
  /** Won / lost verdicts changed since `cursor` (null: from now on), and the next cursor. Absent: the CRM cannot tell us. */
  pullOutcomes?(creds: CrmCredentials, cursor: string | null, ctx: CrmCallContext): Promise<{ outcomes: CrmOutcome[]; cursor: string }>;
}

/** The CRM refused the credentials for good (revoked, expired refresh): the connection needs re-auth. */
export class CrmAuthError extends Error {
  override name = "CrmAuthError";
}

/** Rate-limited: wait `retryAfterMs` (from Retry-After / reset headers / the 429 body) before the next call. */
export class CrmRateLimitedError extends Error {
  override name = "CrmRateLimitedError";
  constructor(message: string, readonly retryAfterMs: number, readonly scope: "burst" | "daily" = "burst") {
    super(message);
  }
}

/** The CRM is down, timed out or answered 5xx: retry later, nothing was decided. */
export class CrmUnavailableError extends Error {
  override name = "CrmUnavailableError";
}

/** The connection's set-up is wrong (a mapped property that no longer exists): the admin must fix it; retrying will not help. */
export class CrmConfigError extends Error {
  override name = "CrmConfigError";
}

/**
 * The OAuth side of connecting a CRM (HubSpot; Salesforce web-server flow with PKCE; Pipedrive).
 * State, PKCE verifier, encrypted storage and refresh-ahead scheduling are the shared token
 * manager's (the same flow channels use); a provider only speaks its endpoints.
 */
export interface CrmOAuthProvider {
  id: "hubspot" | "salesforce" | "pipedrive";
  usesPkce: boolean;
  /** Whether this server has a client id and secret for it. */
  configured(): boolean;
  authorizeUrl(input: { state: string; redirectUri: string; codeChallenge: string | null }): string;
  /** Code -> tokens and the account they belong to. Throws CrmAuthError on a refused code. */
  exchange(input: { code: string; redirectUri: string; codeVerifier: string | null }): Promise<CrmOAuthGrant>;
  /** New tokens from a refresh token. Salesforce keeps the old refresh token (`refreshToken` null: keep it). Throws CrmAuthError on invalid_grant. */
  refresh(refreshToken: string): Promise<CrmTokenSet>;
  revoke?(token: string): Promise<void>;
}

export type CrmTokenSet = { accessToken: string; refreshToken: string | null; expiresAt: Date | null; metadata?: Record<string, string> };
export type CrmOAuthGrant = CrmTokenSet & { label: string; metadata: Record<string, string> };
