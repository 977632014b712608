import type { CrmProvider } from "../../src/generated/prisma/client";
import type { CrmCallContext, CrmConnector, CrmLimits } from "../../src/server/crm/crm-connector";
import { crmConnectorFor } from "../../src/server/crm/crm-registry";
import { saveCrmConnection, type NewCrmCredentials } from "../../src/server/crm/manage/save-connection";
import { encrypt } from "../../src/server/infra/crypto/field-crypto";
import { withTenantSql } from "../../src/server/infra/db/sql";
import type { Tx } from "../../src/server/infra/db/tenant";
import type { OutboxWriter } from "../../src/server/infra/outbox/outbox-entry";
import type { OutboxPublisher } from "../../src/server/infra/outbox/relay-outbox";
import { withTenantOutbox } from "../../src/server/infra/outbox/with-outbox";
import type { BenchFakes } from "./bench-fakes";
import type { BenchCrm, CrmBenchOptions } from "./crm-bench-options";
import { minimumOf, presence, type CallPlan } from "./crm-minimum";
import type { FakeReport } from "./fakes-protocol";
import type { CrmBenchResult } from "./format-crm-report";
import { seedCrmLeads, type SeededCrmWorkspace } from "./seed-crm-leads";
import { syncUntilDone } from "./sync-until-done";

/** The connect flow's follow-ups (the CONNECTED sync job, events) are dropped: the benchmark runs that sync itself. */
const dropFollowUps: OutboxPublisher = { publishJobs: async (_name, items) => items.map(() => ({ id: null, deduplicated: false })), publishEvent: async () => undefined };

/** Stores the connection with the same service the OAuth callback uses (encrypted tokens, ACTIVE, default mapping, audited). */
async function connect(ws: SeededCrmWorkspace, input: { provider: CrmProvider; label: string; metadata: Record<string, string>; credentials: NewCrmCredentials }): Promise<string> {
  const actor = {
    userId: ws.userId,
    workspaceId: ws.workspaceId,
    tenant: <T>(fn: (tx: Tx, outbox: OutboxWriter) => Promise<T>) => withTenantOutbox({ workspaceId: ws.workspaceId, userId: ws.userId }, dropFollowUps, fn),
  };
  const { connectionId } = await actor.tenant((tx, outbox) => saveCrmConnection(tx, outbox, actor, input));
  return connectionId;
}

/** The registry's connector with every pacing window divided by `scale` (1: unchanged). */
function paced(connector: CrmConnector, scale: number): CrmConnector {
  if (scale === 1) return connector;
  const scaled = (l: CrmLimits): CrmLimits => ({ ...l, burst: { requests: l.burst.requests, perMs: l.burst.perMs / scale } });
  return { ...connector, limits: scaled(connector.limits), limitsFor: (metadata) => scaled(connector.limitsFor?.(metadata) ?? connector.limits) };
}

/** Where a run's time went: waiting on the pacer, inside the connector's HTTP calls, and everything else (the engine's database work). */
export type TimeSplit = { pacingMs: number; crmMs: number };

/** The connector with its calls timed: `ctx.beforeRequest()` waits count as pacing, the rest of a call as the CRM's. */
function timed(connector: CrmConnector, split: TimeSplit): CrmConnector {
  const wrapCtx = (ctx: CrmCallContext): CrmCallContext => ({
    beforeRequest: async () => {
      const t = performance.now();
      try {
        await ctx.beforeRequest();
      } finally {
        split.pacingMs += performance.now() - t;
      }
    },
    afterResponse: () => ctx.afterResponse?.(),
  });
  const time = async <T>(call: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await call();
    } finally {
      split.crmMs += performance.now() - t;
    }
  };
  const pull = connector.pullOutcomes?.bind(connector);
  return {
    ...connector,
    prepare: (creds, mapping, ctx) => time(() => connector.prepare(creds, mapping, wrapCtx(ctx))),
    upsert: (creds, records, mapping, ctx) => time(() => connector.upsert(creds, records, mapping, wrapCtx(ctx))),
    attachNotes: (creds, notes, ctx) => time(() => connector.attachNotes(creds, notes, wrapCtx(ctx))),
    ...(pull ? { pullOutcomes: (creds, cursor, ctx) => time(() => pull(creds, cursor, wrapCtx(ctx))) } : {}),
  } satisfies CrmConnector;
}

async function syncedLinks(workspaceId: string, connectionId: string): Promise<number> {
  const [row] = await withTenantSql({ workspaceId }, (tx) =>
    tx.$queryRaw<Array<{ n: bigint | number }>>`SELECT count(*) AS n FROM crm_lead_links WHERE "connectionId" = ${connectionId} AND state = 'SYNCED'`,
  );
  return Number(row?.n ?? 0);
}

/** What differs per CRM: the connection the connect flow would store, and the minimum's plan. */
async function targetOf(crm: BenchCrm, fakes: BenchFakes): Promise<{ name: string; provider: CrmProvider; label: string; metadata: Record<string, string>; credentials: NewCrmCredentials }> {
  const tokens = await fakes.tokens(crm);
  const credentials: NewCrmCredentials = {
    method: "oauth", accessTokenEnc: encrypt(tokens.accessToken), refreshTokenEnc: encrypt(tokens.refreshToken), tokenExpiresAt: new Date(Date.now() + tokens.expiresInSeconds * 1000),
  };
  return crm === "hubspot"
    ? { name: "HubSpot", provider: "HUBSPOT", label: `HubSpot portal ${tokens.metadata.portalId}`, metadata: tokens.metadata, credentials }
    : { name: "Salesforce", provider: "SALESFORCE", label: `Salesforce (${new URL(tokens.metadata.instanceUrl ?? "http://fake").host})`, metadata: tokens.metadata, credentials };
}

function planOf(crm: BenchCrm, leads: number, report: FakeReport): CallPlan {
  return crm === "hubspot"
    ? // Prepare on a new portal: list the properties, create the "leadline" group and each Leadline property the mapping uses.
      { leads, upsertBatch: 100, noteBatch: 100, callsPerNoteStep: 1, fixed: 1 + (report.createdProperties > 0 ? 1 + report.createdProperties : 0) }
    : // Prepare: one Lead describe. Notes: per 200 Leads, one SOQL query for Leadline's Tasks (a retry must not add a second) and one create.
      { leads, upsertBatch: 200, noteBatch: 200, callsPerNoteStep: 2, fixed: 1 };
}

async function benchOne(crm: BenchCrm, ws: SeededCrmWorkspace, fakes: BenchFakes, options: CrmBenchOptions, log: (line: string) => void): Promise<CrmBenchResult> {
  const target = await targetOf(crm, fakes);
  const connectionId = await connect(ws, target);
  const split: TimeSplit = { pacingMs: 0, crmMs: 0 };
  const connector = timed(paced(crmConnectorFor(target.provider), options.scale), split);
  const pacingLimits = connector.limitsFor?.(target.metadata) ?? connector.limits;
  log(`${target.name}: syncing ${options.leads} leads`);
  await fakes.mark();
  const started = performance.now();
  const summary = await syncUntilDone(ws.workspaceId, connectionId, connector);
  const durationMs = performance.now() - started;
  for (const r of summary.results) if (r.error) log(`${target.name}: run ${r.runId} stopped: ${r.error}`);
  const limit = fakes.limits[crm];
  const report = await fakes.report(crm);
  const plan = planOf(crm, options.leads, report);
  return {
    crm: target.name,
    leads: options.leads,
    durationMs,
    pacingMs: split.pacingMs,
    httpMs: split.crmMs - split.pacingMs,
    runs: summary.runs,
    callsByEndpoint: report.calls,
    limit,
    pacing: pacingLimits.burst,
    minimum: minimumOf(plan, limit),
    minimumNote: minimumNote(plan),
    presence: presence(ws.leadIds, report.keys),
    linksSynced: await syncedLinks(ws.workspaceId, connectionId),
    refused: report.refused,
    fakeBusyMs: report.busyMs,
  };
}

function minimumNote(p: CallPlan): string {
  const upserts = Math.ceil(p.leads / p.upsertBatch);
  const steps = Math.ceil(p.leads / p.noteBatch);
  return `${upserts} upserts of ${p.upsertBatch} + ${steps * p.callsPerNoteStep} note calls (${p.callsPerNoteStep} per ${p.noteBatch} leads) + ${p.fixed} prepare`;
}

/** Seeds once, then syncs the same leads to each CRM in turn (each connection has its own links). */
export async function runCrmBench(
  options: CrmBenchOptions,
  fakes: BenchFakes,
  hooks: { log: (line: string) => void; afterSeed: () => Promise<void> },
): Promise<{ results: CrmBenchResult[]; seedMs: number }> {
  const { log } = hooks;
  const seedStart = performance.now();
  const ws = await seedCrmLeads(options.leads, options.messagesPerLead);
  await hooks.afterSeed();
  const seedMs = performance.now() - seedStart;
  log(`seeded ${options.leads} leads (${options.leads * options.messagesPerLead} messages) in ${(seedMs / 1000).toFixed(1)} s`);
  const results: CrmBenchResult[] = [];
  for (const crm of options.crms) results.push(await benchOne(crm, ws, fakes, options, log));
  return { results, seedMs };
}
