/**
 * Test-only: CRM doubles at the connector contract (src/server/crm/crm-connector.ts) for the
 * Settings -> CRM tests, scripted per test: which tokens a "CRM" accepts, the fields it has,
 * faults to throw on the next calls (the typed errors a real connector throws for 401, 429 with
 * Retry-After, 5xx / timeout, a missing property), and a record of every call. The OAuth double
 * checks the PKCE verifier against the challenge it was sent and issues single-use codes, like
 * a real authorization server. The signed webhook stays the real connector.
 */
import { createHash, randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import {
  CrmAuthError,
  CrmConfigError,
  type CrmConnector,
  type CrmCredentials,
  type CrmField,
  type CrmOAuthProvider,
  type FieldMapping,
} from "../../src/server/crm/crm-connector";

export type ScriptedCall = { method: string; token: string };

export type CrmScript = {
  validTokens: Set<string>;
  fields: CrmField[];
  /** Thrown, in order, by the next calls (any method). */
  faults: Error[];
  calls: ScriptedCall[];
  account: string;
  reset(): void;
};

export function createCrmScript(account: string): CrmScript {
  const script: CrmScript = {
    validTokens: new Set(),
    fields: [
      { name: "name", label: "Name", type: "string", required: true },
      { name: "email", label: "Email", type: "string", required: false },
      { name: "leadline_score", label: "Leadline score", type: "number", required: false },
    ],
    faults: [],
    calls: [],
    account,
    reset() {
      script.validTokens.clear();
      script.faults.length = 0;
      script.calls.length = 0;
    },
  };
  return script;
}

/** A connector answering from `script`: refuses unknown tokens (quoting them, to prove callers redact), checks mappings against its fields. */
export function scriptedConnector(provider: "PIPEDRIVE" | "HUBSPOT" | "SALESFORCE", script: CrmScript): CrmConnector {
  const label = { PIPEDRIVE: "Pipedrive", HUBSPOT: "HubSpot", SALESFORCE: "Salesforce" }[provider];
  async function enter(method: string, creds: CrmCredentials) {
    script.calls.push({ method, token: creds.accessToken });
    const fault = script.faults.shift();
    if (fault) throw fault;
    if (!script.validTokens.has(creds.accessToken)) throw new CrmAuthError(`${label} answered 401 for token ${creds.accessToken}`);
  }
  return {
    provider,
    label,
    auth: provider === "PIPEDRIVE" ? { kind: "apiToken", hint: "Settings -> API" } : { kind: "oauth", scopes: ["crm.objects.contacts.write"] },
    limits: { batchSize: 100, burst: { requests: 100, perMs: 10_000 }, dailyRequests: null },
    defaultMapping: { name: "name", email: "email" },
    async testConnection(creds) {
      await enter("testConnection", creds);
      return { account: script.account };
    },
    async listFields(creds) {
      await enter("listFields", creds);
      return script.fields;
    },
    async prepare(creds, mapping: FieldMapping) {
      await enter("prepare", creds);
      const missing = Object.values(mapping).find((p) => !script.fields.some((f) => f.name === p));
      if (missing) throw new CrmConfigError(`${label} has no property "${missing}"`);
    },
    async upsert(creds, records) {
      await enter("upsert", creds);
      return records.map((r) => ({ leadId: r.leadId, ok: true as const, externalId: `ext-${r.leadId}`, created: true }));
    },
    async attachNotes(creds, notes) {
      await enter("attachNotes", creds);
      return notes.map((n) => ({ leadId: n.leadId, ok: true as const, externalId: n.externalId, created: false }));
    },
  };
}

export type OAuthScript = {
  configured: boolean;
  /** challenge (or "-" without PKCE) per state sent to the consent page. */
  issued: Map<string, { challenge: string | null; redirectUri: string }>;
  /** Single-use codes: code -> the state's challenge. */
  codes: Map<string, { challenge: string | null; redirectUri: string }>;
  revoked: string[];
  exchangeFault: Error | null;
};

export function createOAuthScript(): OAuthScript {
  return { configured: true, issued: new Map(), codes: new Map(), revoked: [], exchangeFault: null };
}

/** The consent page's "allow": a code for the state the authorize URL carried. */
export function grantCode(oauth: OAuthScript, authorizeUrl: string): { code: string; state: string } {
  const state = new URL(authorizeUrl).searchParams.get("state") ?? "";
  const issued = oauth.issued.get(state);
  if (!issued) throw new Error("no such state was sent to the consent page");
  const code = randomBytes(16).toString("hex");
  oauth.codes.set(code, issued);
  return { code, state };
}

/** An OAuth provider double; tokens it issues are added to `script.validTokens`. */
export function scriptedOAuthProvider(id: "hubspot" | "salesforce" | "pipedrive", oauth: OAuthScript, script: CrmScript, usesPkce: boolean): CrmOAuthProvider {
  return {
    id,
    usesPkce,
    configured: () => oauth.configured,
    authorizeUrl({ state, redirectUri, codeChallenge }) {
      oauth.issued.set(state, { challenge: codeChallenge, redirectUri });
      const url = new URL(`https://consent.${id}.test/oauth/authorize`);
      url.search = new URLSearchParams({ state, redirect_uri: redirectUri, ...(codeChallenge ? { code_challenge: codeChallenge, code_challenge_method: "S256" } : {}) }).toString();
      return url.toString();
    },
    async exchange({ code, redirectUri, codeVerifier }) {
      if (oauth.exchangeFault) throw oauth.exchangeFault;
      const grant = oauth.codes.get(code);
      oauth.codes.delete(code);
      if (!grant || grant.redirectUri !== redirectUri) throw new CrmAuthError("invalid_grant");
      if (grant.challenge !== null && (!codeVerifier || createHash("sha256").update(codeVerifier).digest("base64url") !== grant.challenge)) throw new CrmAuthError("invalid_grant (PKCE)");
      const accessToken = `at-${randomBytes(12).toString("hex")}`;
      script.validTokens.add(accessToken);
      return { accessToken, refreshToken: `rt-${randomBytes(12).toString("hex")}`, expiresAt: new Date(Date.now() + 30 * 60_000), label: script.account, metadata: { portalId: "4242" } };
    },
    async refresh() {
      throw new CrmAuthError("invalid_grant");
    },
    async revoke(token) {
      oauth.revoked.push(token);
    },
  };
}

/** The cookies a signed-in member sends with a chosen workspace. */
export async function sessionHeaders(userId: string, workspaceId: string): Promise<Headers> {
  const session = await encode({ token: { uid: userId }, secret: process.env.NEXTAUTH_SECRET ?? "" });
  return new Headers({ cookie: `next-auth.session-token=${session}; ll_workspace=${workspaceId}` });
}

/** GET /api/oauth/<id>/<step>, through the route module as Next runs it. */
export async function callCrmOAuthRoute(step: "start" | "callback", id: string, headers: Headers, query = ""): Promise<Response> {
  const mod = step === "start" ? await import("@/app/api/oauth/[provider]/start/route") : await import("@/app/api/oauth/[provider]/callback/route");
  return mod.GET(new Request(`${process.env.APP_URL ?? "http://leadline.test"}/api/oauth/${id}/${step}${query}`, { headers }), { params: Promise.resolve({ provider: id }) });
}
