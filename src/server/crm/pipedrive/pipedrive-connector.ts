/**
 * Pipedrive as a CRM connector: each lead becomes a person (API v2) carrying Leadline's key in a
 * "Leadline ID" custom field, with one Pipedrive lead (v1) per person, and the conversation as a
 * note; won / lost deals come back as outcomes. Connects with a personal API token (always) or
 * OAuth (pipedrive-oauth.ts, when the app is configured). Wire format and limits:
 * docs/crm/pipedrive.md.
 */
import type { CrmConnector, CrmField } from "../crm-connector";
import { callPipedrive } from "./pipedrive-client";
import { checkMapping, KEY_FIELD_NAME, listPersonFields, loadFields, fieldsFor, STANDARD_TARGETS } from "./pipedrive-fields";
import { DEFAULT_LIMITS, pipedriveLimitsFor, SearchPacer } from "./pipedrive-limits";
import { attachNotes } from "./pipedrive-notes";
import { pullOutcomes } from "./pipedrive-outcomes";
import { userMeAnswer } from "./pipedrive-schemas";
import { upsertPersons } from "./pipedrive-upsert";

const pacer = new SearchPacer();

/** Pipedrive's settable field types a mapping may point at (not user/org/people links, not dates). */
const MAPPABLE_TYPES = new Set(["varchar", "varchar_auto", "text", "double", "monetary", "phone", "address"]);

function searchBurstOf(metadata: Record<string, string>): number | undefined {
  const n = Number(metadata.searchBurst);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export const pipedriveConnector: CrmConnector = {
  provider: "PIPEDRIVE",
  label: "Pipedrive",
  auth: { kind: "apiToken", hint: "Pipedrive -> your profile -> Personal preferences -> API (app.pipedrive.com/settings/api): copy your personal API token." },
  limits: DEFAULT_LIMITS,
  // The plan, seats and auth kind in the connection's metadata decide the burst and daily budget.
  limitsFor: pipedriveLimitsFor,
  defaultMapping: { name: "name", email: "email", phone: "phone" },

  async testConnection(creds, ctx) {
    const me = await callPipedrive(creds, ctx, { method: "GET", path: "/api/v1/users/me", operation: "users.me" }, userMeAnswer);
    return { account: me.data.company_name || me.data.company_domain || `company ${me.data.company_id ?? me.data.id}` };
  },

  async listFields(creds, ctx) {
    const fields = await listPersonFields(creds, ctx);
    return fields
      .filter((f) => f.name !== KEY_FIELD_NAME && (STANDARD_TARGETS.has(f.key) || MAPPABLE_TYPES.has(f.field_type)))
      .map((f): CrmField => ({ name: f.key, label: f.name, type: f.field_type, required: f.mandatory_flag === true || f.mandatory_flag === 1 }));
  },

  async prepare(creds, mapping, ctx) {
    const info = await loadFields(creds, ctx, true);
    if (info) checkMapping(info, mapping);
  },

  async upsert(creds, records, mapping, ctx) {
    const info = await fieldsFor(creds, ctx);
    return upsertPersons({ creds, ctx, info, mapping, pacer, searchBurst: searchBurstOf(creds.metadata) }, records);
  },

  attachNotes: (creds, notes, ctx) => attachNotes(creds, ctx, notes),

  pullOutcomes: (creds, cursor, ctx) => pullOutcomes(creds, ctx, cursor),
};
