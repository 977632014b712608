/**
 * What the Salesforce fake holds: one org's Leads and Tasks, the OAuth grants, its clock and its
 * daily API allocation. Ids look like Salesforce's (18 characters, key prefix 00Q Lead, 00T
 * Task, 00D org, 005 user); times are kept to the second, like LastModifiedDate.
 */
export type LeadRow = {
  Id: string;
  /** Field values as written (standard and custom), without Id / Status / IsConverted. */
  fields: Record<string, unknown>;
  Status: string;
  IsConverted: boolean;
  CreatedDate: number;
  LastModifiedDate: number;
};

export type TaskRow = { Id: string; WhoId: string; Subject: string; Status: string; Description: string; CreatedDate: number; LastModifiedDate: number; fields: Record<string, unknown> };

export type AccessGrant = { expiresAt: number; refreshToken: string | null };

export interface SalesforceStore {
  orgId: string;
  userId: string;
  orgName: string;
  leads: Map<string, LeadRow>;
  /** External key (the Leadline_Id__c value) -> Lead Id. */
  leadsByKey: Map<string, string>;
  tasks: Map<string, TaskRow>;
  accessTokens: Map<string, AccessGrant>;
  /** Refresh token -> still valid. */
  refreshTokens: Map<string, { valid: boolean }>;
  codes: Map<string, { redirectUri: string; challenge: string; expiresAt: number; used: boolean; scope: string }>;
  api: { used: number; max: number };
  nextId: number;
}

export function createStore(o: { dailyAllocation: number; apiUsedAtStart: number; orgName: string }): SalesforceStore {
  const store: SalesforceStore = {
    orgId: "", userId: "", orgName: o.orgName, leads: new Map(), leadsByKey: new Map(), tasks: new Map(), accessTokens: new Map(), refreshTokens: new Map(), codes: new Map(),
    api: { used: o.apiUsedAtStart, max: o.dailyAllocation }, nextId: 1,
  };
  store.orgId = newId(store, "00D");
  store.userId = newId(store, "005");
  return store;
}

/** "00Q" + 12 base-36 digits + "AAA" (the 3-character case-safe suffix). */
export function newId(store: SalesforceStore, prefix: string): string {
  return `${prefix}${(store.nextId++).toString(36).toUpperCase().padStart(12, "0")}AAA`;
}

/** Salesforce's dateTime format: "2026-11-30T10:00:00.000+0000". */
export function sfDate(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

/** Times kept to the second, as Salesforce stores them. */
export const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Looks an id up by its 15- or 18-character form. */
export function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}
