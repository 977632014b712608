/**
 * The contact properties Leadline owns in a portal, and `prepare`: create what is missing, check
 * that every mapped property exists (docs/crm/hubspot.md#what-leadline-creates). Idempotent: a
 * 409 (created meanwhile by a concurrent prepare) counts as done.
 */
import { z } from "zod";
import { CrmConfigError, type CrmCallContext, type CrmCredentials, type CrmField, type FieldMapping } from "../crm-connector";
import { callHubSpot, callHubSpotData } from "./hubspot-client";
import type { HubSpotConfig } from "./hubspot-config";
import { describeError, parseErrorBody } from "./hubspot-errors";

/** The unique property every contact is upserted by (its value: Leadline's lead id). */
export const ID_PROPERTY = "leadline_id";
export const PROPERTY_GROUP = { name: "leadline", label: "Leadline" };

type PropertyDefinition = {
  name: string;
  label: string;
  type: "string" | "number" | "enumeration";
  fieldType: "text" | "textarea" | "number" | "select";
  options?: string[];
  hasUniqueValue?: boolean;
};

const option = (value: string) => ({ label: value.charAt(0) + value.slice(1).toLowerCase(), value });

export const LEADLINE_PROPERTIES: PropertyDefinition[] = [
  { name: ID_PROPERTY, label: "Leadline lead id", type: "string", fieldType: "text", hasUniqueValue: true },
  { name: "leadline_handle", label: "Leadline social handle", type: "string", fieldType: "text" },
  { name: "leadline_platform", label: "Leadline platform", type: "string", fieldType: "text" },
  { name: "leadline_tier", label: "Leadline tier", type: "enumeration", fieldType: "select", options: ["HOT", "WARM", "COLD"] },
  { name: "leadline_score", label: "Leadline score", type: "number", fieldType: "number" },
  { name: "leadline_reason", label: "Leadline reason", type: "string", fieldType: "textarea" },
  { name: "leadline_tags", label: "Leadline tags", type: "string", fieldType: "text" },
  { name: "leadline_status", label: "Leadline status", type: "enumeration", fieldType: "select", options: ["NEW", "QUALIFIED", "WON", "LOST"] },
  { name: "leadline_intent", label: "Leadline intent", type: "string", fieldType: "text" },
  { name: "leadline_inbox_url", label: "Leadline inbox link", type: "string", fieldType: "text" },
];

const propertySchema = z
  .object({
    name: z.string(),
    label: z.string().default(""),
    type: z.string().default("string"),
    fieldType: z.string().optional(),
    hasUniqueValue: z.boolean().optional(),
    archived: z.boolean().optional(),
    modificationMetadata: z.object({ readOnlyValue: z.boolean().optional() }).passthrough().optional(),
  })
  .passthrough();
type Property = z.infer<typeof propertySchema>;
const propertyList = z.object({ results: z.array(propertySchema) });

export async function listContactProperties(config: HubSpotConfig, creds: CrmCredentials, ctx: CrmCallContext): Promise<Property[]> {
  const answer = await callHubSpotData(config, creds, ctx, { method: "GET", api: "properties", rest: "contacts", operation: "properties.list" }, propertyList);
  return answer.results.filter((p) => !p.archived);
}

/** The fields a mapping may point at: writable properties only. */
export function toCrmFields(properties: Property[]): CrmField[] {
  return properties
    .filter((p) => !p.modificationMetadata?.readOnlyValue)
    .map((p) => ({ name: p.name, label: p.label || p.name, type: p.fieldType ?? p.type, required: p.name === ID_PROPERTY }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

async function createGroup(config: HubSpotConfig, creds: CrmCredentials, ctx: CrmCallContext): Promise<void> {
  const answer = await callHubSpot(config, creds, ctx, { method: "POST", api: "properties", rest: "contacts/groups", body: { ...PROPERTY_GROUP, displayOrder: -1 }, operation: "properties.group.create", accept: [409] }, z.unknown());
  void answer; // 409: the group exists, which is all we need
}

async function createProperty(config: HubSpotConfig, creds: CrmCredentials, ctx: CrmCallContext, definition: PropertyDefinition): Promise<void> {
  const body = {
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    groupName: PROPERTY_GROUP.name,
    hasUniqueValue: definition.hasUniqueValue ?? false,
    formField: false,
    ...(definition.options ? { options: definition.options.map((v, i) => ({ ...option(v), displayOrder: i })) } : {}),
  };
  const answer = await callHubSpot(config, creds, ctx, { method: "POST", api: "properties", rest: "contacts", body, operation: "properties.create", accept: [409] }, z.unknown());
  if (!answer.ok && answer.status !== 409) throw new CrmConfigError(`HubSpot could not create ${definition.name}: ${describeError(parseErrorBody(answer.body))}`);
}

/** Creates Leadline's id property and the leadline_* properties the mapping uses; checks the rest exist. */
export async function prepareContactProperties(config: HubSpotConfig, creds: CrmCredentials, mapping: FieldMapping, ctx: CrmCallContext): Promise<void> {
  const existing = new Map((await listContactProperties(config, creds, ctx)).map((p) => [p.name, p]));
  const targets = new Set(Object.values(mapping).filter((v): v is string => !!v));
  if (targets.has("firstname")) targets.add("lastname"); // the name is split over both
  const ours = LEADLINE_PROPERTIES.filter((d) => d.name === ID_PROPERTY || targets.has(d.name));
  const missingOurs = ours.filter((d) => !existing.has(d.name));
  if (missingOurs.length > 0) await createGroup(config, creds, ctx);
  await Promise.all(missingOurs.map((definition) => createProperty(config, creds, ctx, definition))); // independent: side by side

  const id = existing.get(ID_PROPERTY);
  if (id && id.hasUniqueValue === false) {
    throw new CrmConfigError(`HubSpot property ${ID_PROPERTY} exists but is not unique: delete it (Leadline recreates it as a unique property) or ask support`);
  }
  const ownNames = new Set(LEADLINE_PROPERTIES.map((d) => d.name));
  const missing = [...targets].filter((name) => !ownNames.has(name) && !existing.has(name)).sort();
  if (missing.length > 0) throw new CrmConfigError(`HubSpot has no contact propert${missing.length > 1 ? "ies" : "y"} ${missing.join(", ")}: fix the field mapping`);
  const readOnly = [...targets].filter((name) => existing.get(name)?.modificationMetadata?.readOnlyValue).sort();
  if (readOnly.length > 0) throw new CrmConfigError(`HubSpot contact propert${readOnly.length > 1 ? "ies" : "y"} ${readOnly.join(", ")} cannot be written: fix the field mapping`);
}
