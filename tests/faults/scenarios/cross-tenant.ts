import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { TRPCError } from "@trpc/server";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { expect } from "vitest";
import { z } from "zod";
import { appRouter } from "@/server/api/root";
import { sessionClaims } from "@/server/sessions/session-claims";
import { DEMO_SIGNATURE_HEADER, signDemoPayload } from "@/server/channels/demo/sign-demo-payload";
import { callerFor, createWorkspaceWithTeam } from "../../helpers/factories";
import { createVictimWorkspace, type Victim } from "../cross-tenant-fixture";
import { figure } from "../figures";

const ROW = "6. cross-tenant attempts with forged ids";
const API_DIR = fileURLToPath(new URL("../../../src/app/api", import.meta.url));
const ID_KEY = /(^id$|Id$|Ids$)/;

type Outcome = { path: string; how: string; idBearing?: boolean; result: string; leak: string | null };
const REFUSALS = new Set(["NOT_FOUND", "FORBIDDEN", "UNAUTHORIZED"]);

/** Inputs the schema walk below cannot make valid; everything else is generated from the procedure's own zod input. */
const INPUT_OVERRIDES: Record<string, (b: Victim["ids"]) => unknown> = {
  "crm.updateMapping": (b) => ({ connectionId: b.connectionId, mapping: { name: "firstname" } }),
  // Lists filtered by B's channel (the generated cursor would be refused before the channel).
  "inbox.list": (b) => ({ channelId: b.channelId }),
  "leads.list": (b) => ({ channelId: b.channelId }),
  // B's notification: marking it read must change nothing of B's (the fingerprint below).
  "notifications.markRead": (b) => ({ ids: [b.notificationId] }),
  // A valid reply, so only the id decides.
  "savedReplies.update": (b) => ({ id: b.savedReplyId, reply: { title: "Forged", body: "Forged body." } }),
  // A date range (no JSON Schema for dates) with B's channel as the filter.
  ...Object.fromEntries(["volume", "firstResponse", "leads", "replyOutcomes", "aiUsage", "crmHealth"].map((p) => [
    `analytics.${p}`, (b: Victim["ids"]) => ({ from: new Date(Date.now() - 7 * 86_400_000), to: new Date(), channelId: b.channelId }),
  ])),
};

/** A value the JSON Schema accepts, with `idFor(key)` wherever a key names an id. */
function sample(schema: Record<string, unknown>, key: string, idFor: (key: string) => string): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const options = (schema.anyOf ?? schema.oneOf) as Array<Record<string, unknown>> | undefined;
  if (options) return sample(options.find((o) => o.type !== "null") ?? options[0]!, key, idFor);
  switch (schema.type) {
    case "string": {
      if (ID_KEY.test(key)) return idFor(key);
      if (schema.format === "email") return `forged.${Date.now()}@example.test`;
      if (schema.format === "uri" || /url/i.test(key)) return "https://example.test/hook";
      if (schema.format === "date-time") return new Date().toISOString();
      const min = Number(schema.minLength ?? 1);
      const max = Number(schema.maxLength ?? 200);
      return "Forged value for a cross-tenant test".padEnd(min, "x").slice(0, Math.max(min, Math.min(max, 36)));
    }
    case "number":
    case "integer":
      return Number(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + 1 : 1));
    case "boolean":
      return false;
    case "array": {
      const item = sample((schema.items ?? {}) as Record<string, unknown>, key.replace(/s$/, ""), idFor);
      return Array.from({ length: Math.max(1, Number(schema.minItems ?? 1)) }, () => item);
    }
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      return Object.fromEntries(Object.entries(props).map(([k, s]) => [k, sample(s, k, idFor)]).filter(([, v]) => v !== undefined));
    }
    default:
      return undefined;
  }
}

function inputSchemaOf(path: string): Record<string, unknown> | null {
  const proc = (appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>)[path];
  const input = proc?._def.inputs[0];
  return input ? (z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as Record<string, unknown>) : null;
}

function idKeysOf(schema: Record<string, unknown> | null): string[] {
  const props = (schema?.properties ?? {}) as Record<string, unknown>;
  return Object.keys(props).filter((k) => ID_KEY.test(k));
}

async function call(caller: ReturnType<typeof callerFor>, path: string, input: unknown): Promise<{ result: string; answer: unknown }> {
  const [router, proc] = path.split(".") as [string, string];
  const fn = (caller as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[router]![proc]!;
  try {
    return { result: "ok", answer: await fn(input) };
  } catch (error) {
    if (error instanceof TRPCError) return { result: error.code, answer: error.message };
    return { result: "threw", answer: String(error) };
  }
}

function leakIn(answer: unknown, victim: Victim, idsCount: boolean): string | null {
  const text = JSON.stringify(answer, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
  if (text.includes(victim.marker)) return "B's text";
  if (idsCount) {
    for (const [name, id] of Object.entries(victim.ids)) if (text.includes(id)) return `B's ${name}`;
    for (const m of Object.values(victim.team.members)) if (text.includes(m.userId)) return "a B member's user id";
  }
  return null;
}

/** Every row workspace B owns, digested: equal before and after means no attempt changed B. */
async function fingerprint(sql: pg.Client, workspaceId: string): Promise<string> {
  const tables = [
    "workspaces", "memberships", "invitations", "channels", "contacts", "conversations", "messages", "replies", "leads", "knowledge_articles", "crm_connections", "crm_lead_links", "crm_sync_runs", "oauth_states",
    "saved_replies", "conversation_notes", "notifications",
  ];
  const parts: string[] = [];
  for (const t of tables) {
    const col = t === "workspaces" ? "id" : `"workspaceId"`;
    const { rows } = await sql.query<{ d: string | null }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS d FROM ${t} t WHERE ${col} = $1`, [workspaceId]);
    parts.push(`${t}:${rows[0]?.d ?? ""}`);
  }
  return parts.join(",");
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(join(dir, e.name)) : /^route\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
}

/**
 * A member of workspace A (the admin: the most a member can do) sends workspace B's ids through
 * every tRPC procedure (found from the router, inputs generated from each procedure's own zod
 * schema) and every route handler (found on disk), with A selected and with B forged as the
 * workspace. Every id-bearing call must answer not-found/forbidden, no answer may carry B's
 * data, and B's rows must be unchanged.
 */
export async function crossTenant(appUrl: string, ownerUrl: string): Promise<void> {
  const victim = await createVictimWorkspace();
  const attacker = await createWorkspaceWithTeam("Attacker A");
  const sql = new pg.Client({ connectionString: ownerUrl });
  await sql.connect();
  const outcomes: Outcome[] = [];
  try {
    await sql.query(`UPDATE workspaces SET name = $1 WHERE id = $2`, [`${victim.marker} workspace`, victim.ids.workspaceId]);
    const before = await fingerprint(sql, victim.ids.workspaceId);
    const paths = Object.keys(appRouter._def.procedures).sort();
    const attackerId = attacker.members.ADMIN.userId;
    const bIds = Object.entries(victim.ids);

    for (const path of paths) {
      const schema = inputSchemaOf(path);
      const idKeys = idKeysOf(schema);
      // A key that names B's row kind gets that id; a generic one ("id") tries every B id.
      const candidates = (key: string) => {
        const exact = bIds.find(([name]) => name === key || (key === "externalIds" && name === "channelId"));
        return exact ? [exact[1]] : bIds.map(([, id]) => id);
      };
      const attempts: unknown[] = [];
      if (INPUT_OVERRIDES[path]) attempts.push(INPUT_OVERRIDES[path](victim.ids));
      else if (idKeys.length === 0) attempts.push(schema ? sample(schema, "", () => "") : undefined);
      else for (const id of candidates(idKeys[0]!)) attempts.push(sample(schema!, "", (key) => (key === idKeys[0] ? id : candidates(key)[0]!)));

      for (const input of attempts) {
        // With A selected (forged ids), and with B forged as the selected workspace.
        for (const how of ["A selected", "B forged as workspace"] as const) {
          const ws = how === "A selected" ? attacker.workspaceId : victim.ids.workspaceId;
          const { result, answer } = await call(callerFor(attackerId, ws), path, input);
          // An id of B's must be refused as not found (or forbidden), whatever else the call does.
          const refusedId = idKeys.length === 0 || REFUSALS.has(result);
          outcomes.push({ path, how, idBearing: idKeys.length > 0, result, leak: leakIn(answer, victim, result === "ok") ?? (refusedId ? null : `B's ${idKeys[0]} answered ${result === "ok" ? "ok (not not-found)" : result}`) });
        }
      }
    }

    // Route handlers over HTTP, every file under src/app/api.
    const cookie = `next-auth.session-token=${await encode({ token: await sessionClaims(attackerId), secret: process.env.NEXTAUTH_SECRET! })}`;
    const asA = (extra: Record<string, string> = {}) => ({ cookie: `${cookie}; ll_workspace=${attacker.workspaceId}`, ...extra });
    const forgedB = { "x-workspace-id": victim.ids.workspaceId };
    const demoToB = JSON.stringify({ channelId: `demo-${victim.ids.workspaceId}`, messageId: "m-forged", customer: { id: "c1" }, text: "forged", sentAt: new Date().toISOString() });
    const ROUTES: Record<string, Array<{ how: string; method: "GET" | "POST"; url: string; headers?: Record<string, string>; body?: string }>> = {
      "drafts/stream/route.ts": [
        { how: "B's conversation", method: "POST", url: "/api/drafts/stream", headers: asA(), body: JSON.stringify({ conversationId: victim.ids.conversationId }) },
        { how: "B forged as workspace", method: "POST", url: "/api/drafts/stream", headers: asA(forgedB), body: JSON.stringify({ conversationId: victim.ids.conversationId }) },
      ],
      "leads/export/route.ts": [{ how: "B forged as workspace", method: "GET", url: "/api/leads/export", headers: asA(forgedB) }],
      "audit/export/route.ts": [{ how: "B forged as workspace", method: "GET", url: "/api/audit/export", headers: asA(forgedB) }],
      "realtime/route.ts": [{ how: "B forged as workspace", method: "GET", url: "/api/realtime", headers: asA(forgedB) }],
      "oauth/[provider]/start/route.ts": [{ how: "B forged as workspace", method: "GET", url: "/api/oauth/meta/start", headers: asA(forgedB) }],
      "oauth/[provider]/callback/route.ts": [
        { how: "B forged as workspace", method: "GET", url: `/api/oauth/meta/callback?code=x&state=${victim.ids.flowId}`, headers: asA(forgedB) },
        { how: "B's flow as state", method: "GET", url: `/api/oauth/meta/callback?code=x&state=${victim.ids.flowId}`, headers: asA() },
      ],
      "jobs/[job]/route.ts": [{ how: "unsigned job for B", method: "POST", url: "/api/jobs/process-message", headers: asA({ "content-type": "application/json" }), body: JSON.stringify({ payload: { workspaceId: victim.ids.workspaceId, messageId: victim.ids.messageId } }) }],
      "webhooks/[platform]/route.ts": [{ how: "B's channel, signed with another secret", method: "POST", url: "/api/webhooks/demo", headers: { [DEMO_SIGNATURE_HEADER]: signDemoPayload(demoToB, "attacker-secret") }, body: demoToB }],
      "webhooks/meta/deauthorize/route.ts": [{ how: "unsigned deauthorisation of B's page", method: "POST", url: "/api/webhooks/meta/deauthorize", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `signed_request=x.${Buffer.from(JSON.stringify({ algorithm: "HMAC-SHA256", user_id: "1" })).toString("base64url")}` }],
      "trpc/[trpc]/route.ts": [
        { how: "B's conversation", method: "GET", url: `/api/trpc/inbox.get?input=${encodeURIComponent(JSON.stringify({ json: { conversationId: victim.ids.conversationId } }))}`, headers: asA() },
        { how: "B forged as workspace", method: "GET", url: "/api/trpc/inbox.list", headers: asA(forgedB) },
      ],
      // next-auth's handler only runs inside Next (next/headers); it takes no workspace or tenant id.
      "auth/[...nextauth]/route.ts": [],
      "health/route.ts": [{ how: "takes no tenant id", method: "GET", url: "/api/health", headers: asA(forgedB) }],
      // Not served by the app unless BENCH_BASELINE=1 at start; it takes no id either.
      "bench-baseline/route.ts": [],
    };
    const files = routeFiles(API_DIR).map((p) => relative(API_DIR, p)).sort();
    expect(files.filter((f) => !(f in ROUTES)), "route handlers without a cross-tenant row").toEqual([]);
    // Sanity: A's own session works, so a 404 below is the workspace check and not a bad cookie.
    const own = await fetch(`${appUrl}/api/trpc/workspace.current`, { headers: asA() });
    expect(own.status, "A's own session").toBe(200);
    for (const [file, attempts] of Object.entries(ROUTES)) {
      for (const a of attempts) {
        const res = await fetch(`${appUrl}${a.url}`, { method: a.method, headers: a.headers, body: a.body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
        const text = a.url === "/api/realtime" && res.status === 200 ? "(stream)" : await res.text();
        if (res.status === 200 && a.url === "/api/realtime") await res.body?.cancel();
        const location = res.headers.get("location") ?? "";
        const refused = (res.status >= 400 && res.status < 500) || (res.status === 302 && /error=/.test(location));
        const harmless = ["health/route.ts", "webhooks/meta/deauthorize/route.ts"].includes(file) && res.status === 200;
        outcomes.push({ path: `route ${file}`, how: a.how, result: String(res.status), leak: leakIn(`${text} ${location}`, victim, true) ?? (refused || harmless ? null : `answered ${res.status}`) });
      }
    }

    if (process.env.FAULT_DEBUG) console.log(outcomes.map((o) => `${o.path} | ${o.how} | ${o.result} | ${o.leak ?? ""}`).join("\n"));
    const after = await fingerprint(sql, victim.ids.workspaceId);
    const procCalls = outcomes.filter((o) => !o.path.startsWith("route "));
    const routeCalls = outcomes.filter((o) => o.path.startsWith("route "));
    const tally = (list: Outcome[]) => {
      const m = new Map<string, number>();
      for (const o of list) m.set(o.result, (m.get(o.result) ?? 0) + 1);
      return [...m].sort().map(([k, n]) => `${n}×${k}`).join(", ");
    };
    const leaks = outcomes.filter((o) => o.leak);
    const idCalls = procCalls.filter((o) => o.idBearing);
    figure(ROW, `${paths.length} tRPC procedures (from the router), ${procCalls.length} calls as A's admin, A selected and B forged: ${tally(procCalls)}`);
    figure(ROW, `${new Set(idCalls.map((o) => o.path)).size} procedures take an id: ${idCalls.length} calls with B's ids, ${idCalls.filter((o) => REFUSALS.has(o.result)).length} refused not-found/forbidden`);
    figure(ROW, `${Object.keys(ROUTES).length} route handler files, ${routeCalls.length} requests over HTTP: ${tally(routeCalls)}`);
    const dataLeaks = leaks.filter((l) => !/answered/.test(l.leak ?? ""));
    figure(ROW, `answers carrying B's data: ${dataLeaks.length}; B's ids not refused: ${leaks.length - dataLeaks.length}; B's rows changed: ${before === after ? "no" : "YES"}`);
    for (const l of leaks.slice(0, 6)) figure(ROW, `  ${l.path} (${l.how}) -> ${l.result}: ${l.leak}`);

    expect(leaks.map((l) => `${l.path} (${l.how}) -> ${l.result}: ${l.leak}`)).toEqual([]);
    expect(procCalls.filter((o) => o.result === "threw" || o.result === "INTERNAL_SERVER_ERROR").map((o) => `${o.path} (${o.how})`)).toEqual([]);
    expect(after).toBe(before);
  } finally {
    await sql.end();
  }
}
