/** What the HubSpot fake holds: one portal's properties, contacts, notes, deals and OAuth grants. */
import { randomBytes } from "node:crypto";

export type FakeProperty = {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  hasUniqueValue: boolean;
  readOnly: boolean;
  options: Array<{ label: string; value: string; displayOrder?: number }>;
};

export type FakeObject = { id: string; properties: Record<string, string>; createdAt: string; updatedAt: string };
export type FakeNote = FakeObject & { contactIds: string[]; associationTypeIds: number[] };
export type FakeDeal = FakeObject & { contactIds: string[] };

export type FakeTokenGrant = { expiresAt: number; revoked: boolean; scopes: string[]; refreshToken: string };

export interface HubSpotStore {
  portal: { portalId: number; timeZone: string; uiDomain: string };
  clientId: string;
  clientSecret: string;
  properties: Map<string, FakeProperty>;
  groups: Set<string>;
  contacts: Map<string, FakeObject>;
  notes: FakeNote[];
  deals: Map<string, FakeDeal>;
  accessTokens: Map<string, FakeTokenGrant>;
  refreshTokens: Map<string, { revoked: boolean; scopes: string[] }>;
  codes: Map<string, { redirectUri: string; scopes: string[]; expiresAt: number; used: boolean }>;
  nextId: () => string;
}

const prop = (name: string, label: string, type: string, fieldType: string, extra: Partial<FakeProperty> = {}): FakeProperty => ({
  name, label, type, fieldType, groupName: "contactinformation", hasUniqueValue: false, readOnly: false, options: [], ...extra,
});

/** A few of HubSpot's default contact properties (the portal's real list has ~400). */
export function defaultProperties(): FakeProperty[] {
  return [
    prop("email", "Email", "string", "text"),
    prop("firstname", "First Name", "string", "text"),
    prop("lastname", "Last Name", "string", "text"),
    prop("phone", "Phone Number", "string", "phonenumber"),
    prop("company", "Company Name", "string", "text"),
    prop("hs_lead_status", "Lead Status", "enumeration", "radio", {
      options: ["NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"].map((value) => ({ label: value, value })),
    }),
    prop("hs_object_id", "Record ID", "number", "number", { readOnly: true }),
    prop("createdate", "Create Date", "datetime", "date", { readOnly: true }),
    prop("lastmodifieddate", "Last Modified Date", "datetime", "date", { readOnly: true }),
  ];
}

export function createStore(o: { portalId: number; timeZone: string; clientId: string; clientSecret: string }): HubSpotStore {
  let id = 1000;
  return {
    portal: { portalId: o.portalId, timeZone: o.timeZone, uiDomain: "app-eu1.hubspot.com" },
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    properties: new Map(defaultProperties().map((p) => [p.name, p])),
    groups: new Set(["contactinformation"]),
    contacts: new Map(),
    notes: [],
    deals: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    codes: new Map(),
    nextId: () => String(++id),
  };
}

/** HubSpot-looking opaque tokens ("CKDZ..." / "eu1-..."). */
export function issueTokens(store: HubSpotStore, scopes: string[], now: number, lifetimeSeconds = 1800): { access_token: string; refresh_token: string; expires_in: number; token_type: string; hub_id: number } {
  const access = `C${randomBytes(40).toString("base64url")}`;
  const refresh = `eu1-${randomBytes(4).toString("hex")}-${randomBytes(12).toString("hex")}`;
  store.refreshTokens.set(refresh, { revoked: false, scopes });
  store.accessTokens.set(access, { expiresAt: now + lifetimeSeconds * 1000, revoked: false, scopes, refreshToken: refresh });
  return { token_type: "bearer", access_token: access, refresh_token: refresh, expires_in: lifetimeSeconds, hub_id: store.portal.portalId };
}
