import { env } from "../../infra/env/load-env";
import {
  CrmConfigError,
  LEADLINE_FIELDS,
  type CrmCallContext,
  type CrmConnector,
  type CrmCredentials,
  type CrmField,
  type CrmRecordResult,
  type FieldMapping,
} from "../crm-connector";
import { postSigned } from "./post-signed";
import { resultsFromAnswer } from "./webhook-answer";
import { deliveryIdFor, leadPart, notePart, toWebhookLead, toWebhookNote, type WebhookBody } from "./webhook-payload";
import { checkWebhookUrl, type Resolve } from "./webhook-target";

export type WebhookConnectorOptions = {
  /** Per delivery (default 10 s). */
  timeoutMs?: number;
  /** Production rules for the URL (https, no private networks). Default: NODE_ENV === "production". */
  production?: () => boolean;
  resolve?: Resolve;
  now?: () => Date;
};

/** A property name the receiver will see as a JSON key. */
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

/**
 * The signed webhook (docs/crm/webhook.md): leads POSTed as JSON batches of up to 100 to the
 * customer's URL, signed with HMAC-SHA256 over "<timestamp>.<body>" with the connection's secret
 * (`credentials.accessToken`). The receiver upserts by each lead's `key`; the delivery id repeats
 * for a retried batch. Notes go as a separate signed `leads.notes` delivery. No outcomes: a
 * receiver has no way to push won / lost back yet.
 */
export function createWebhookConnector(options: WebhookConnectorOptions = {}): CrmConnector {
  const now = options.now ?? (() => new Date());
  const production = options.production ?? (() => env().NODE_ENV === "production");
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function deliver(creds: CrmCredentials, body: WebhookBody, ctx: CrmCallContext) {
    const raw = creds.metadata.url;
    if (!raw) throw new CrmConfigError("The webhook connection has no URL.");
    if (!creds.accessToken) throw new CrmConfigError("The webhook connection has no signing secret.");
    const url = await checkWebhookUrl(raw, { production: production(), resolve: options.resolve });
    return postSigned({ url, secret: creds.accessToken, deliveryId: body.deliveryId, body: JSON.stringify(body) }, ctx, { timeoutMs, now });
  }

  return {
    provider: "WEBHOOK",
    label: "Signed webhook",
    auth: { kind: "webhook" },
    // The receiver is the customer's own server: 100 leads per POST, at most 10 POSTs a second.
    // The customer's own endpoint: two deliveries at a time at most, whatever it can take.
    limits: { batchSize: 100, burst: { requests: 10, perMs: 1_000 }, dailyRequests: null, batchesInFlight: 2 },
    defaultMapping: Object.fromEntries(LEADLINE_FIELDS.map((f) => [f, f])) as FieldMapping,

    async testConnection(creds, ctx) {
      const sentAt = now().toISOString();
      const answer = await deliver(creds, { type: "ping", deliveryId: deliveryIdFor("ping", [sentAt]), sentAt }, ctx);
      if (answer.status >= 300) throw new CrmConfigError(`The webhook receiver answered the ping with ${answer.status}.`);
      return { account: new URL(creds.metadata.url ?? "").host };
    },

    async listFields(): Promise<CrmField[]> {
      // The receiver takes any JSON keys: offer Leadline's own names.
      return LEADLINE_FIELDS.map((name) => ({ name, label: name, type: "string", required: false }));
    },

    async prepare(creds, mapping) {
      if (!creds.metadata.url) throw new CrmConfigError("The webhook connection has no URL.");
      await checkWebhookUrl(creds.metadata.url, { production: production(), resolve: options.resolve });
      const names = Object.values(mapping).filter((n): n is string => n !== undefined);
      const bad = names.find((n) => !PROPERTY_NAME.test(n));
      if (bad !== undefined) throw new CrmConfigError("A mapped webhook field name must start with a letter or _ and hold only letters, digits, _, . or - (at most 100).");
      if (new Set(names).size !== names.length) throw new CrmConfigError("Two Leadline fields are mapped to the same webhook field name.");
    },

    async upsert(creds, records, mapping, ctx) {
      if (records.length === 0) return [];
      if (records.length > 100) throw new CrmConfigError("A webhook batch holds at most 100 leads.");
      const leads = records.map((r) => toWebhookLead(r, mapping));
      const body: WebhookBody = { type: "leads.upsert", deliveryId: deliveryIdFor("leads.upsert", leads.map(leadPart)), sentAt: now().toISOString(), leads };
      const answer = await deliver(creds, body, ctx);
      return resultsFromAnswer(answer.status, answer.body, records.map((r) => ({ leadId: r.leadId, key: r.externalKey, externalId: r.externalId })));
    },

    async attachNotes(creds, notes, ctx): Promise<CrmRecordResult[]> {
      if (notes.length === 0) return [];
      const results: CrmRecordResult[] = [];
      for (let i = 0; i < notes.length; i += 100) {
        const chunk = notes.slice(i, i + 100).map(toWebhookNote);
        const body: WebhookBody = { type: "leads.notes", deliveryId: deliveryIdFor("leads.notes", chunk.map(notePart)), sentAt: now().toISOString(), notes: chunk };
        const answer = await deliver(creds, body, ctx);
        results.push(...resultsFromAnswer(answer.status, answer.body, chunk.map((n) => ({ leadId: n.key, key: n.key, externalId: n.externalId }))));
      }
      return results;
    },
  };
}

export const webhookConnector: CrmConnector = createWebhookConnector();
