/**
 * The rest of what Leadline calls (developers.pipedrive.com/docs/api/v1, checked 2026-11-30):
 * GET /v1/users/me; GET/POST /v1/personFields (start/limit paging, `key` is a 40-hex hash for
 * custom fields); GET/POST /v1/leads (title + person_id, 201 Created, uuid ids); GET/POST
 * /v1/notes and PUT /v1/notes/{id} (HTML `content`, person_id / lead_id); GET /api/v2/deals
 * (status comma list, updated_since, sort_by=update_time, cursor paging).
 */
import { badRequest, notFound, ok, type PdAnswer } from "./answers";
import { page } from "./routes-persons";
import { v1Time, type FakeLead, type FakeNote, type PipedriveStore } from "./state";

type Body = Record<string, unknown>;

/** v1 start/limit paging with `additional_data.pagination`. */
function v1Page<T>(rows: T[], params: Record<string, string>, max = 500): PdAnswer {
  const start = Number(params.start ?? 0);
  const limit = Number(params.limit ?? 100);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 1 || limit > max) return badRequest("Invalid pagination parameters");
  const more = start + limit < rows.length;
  return ok(rows.slice(start, start + limit), { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } });
}

export function usersMe(store: PipedriveStore): PdAnswer {
  const c = store.company;
  return ok({ id: c.userId, name: c.userName, email: c.email, company_id: c.companyId, company_name: c.companyName, company_domain: c.companyDomain, active_flag: true, is_admin: 1, locale: "en_US", timezone_name: "Europe/Tallinn" });
}

export function listPersonFields(store: PipedriveStore, params: Record<string, string>): PdAnswer {
  return v1Page(store.fields.filter((f) => f.active_flag), params);
}

const FIELD_TYPES = new Set(["varchar", "varchar_auto", "text", "double", "monetary", "date", "set", "enum", "user", "org", "people", "phone", "time", "timerange", "daterange", "address"]);

export function addPersonField(store: PipedriveStore, body: Body): PdAnswer {
  if (typeof body.name !== "string" || body.name.trim() === "") return badRequest("Field name must be given.");
  if (typeof body.field_type !== "string" || !FIELD_TYPES.has(body.field_type)) return badRequest("Invalid field_type");
  return ok(store.addField(body.name, body.field_type));
}

export function listLeads(store: PipedriveStore, params: Record<string, string>): PdAnswer {
  const personId = params.person_id ? Number(params.person_id) : null;
  const archived = params.archived_status ?? "all";
  const rows = [...store.leads.values()].filter(
    (l) => (personId === null || l.person_id === personId) && (archived === "all" || (archived === "archived") === l.is_archived),
  );
  return v1Page(rows, params);
}

export function addLead(store: PipedriveStore, body: Body, now: number): PdAnswer {
  if (typeof body.title !== "string" || body.title.trim() === "") return badRequest("Title is required.");
  const personId = typeof body.person_id === "number" ? body.person_id : null;
  if (personId === null && typeof body.organization_id !== "number") return badRequest("A lead must be linked to a person or an organization.");
  if (personId !== null && !store.persons.get(personId)) return notFound("Person");
  const at = new Date(now).toISOString();
  const lead: FakeLead = {
    id: store.newLeadId(), title: body.title, owner_id: store.company.userId, creator_id: store.company.userId, label_ids: [], person_id: personId,
    organization_id: null, source_name: "API", origin: "API", is_archived: false, was_seen: false, add_time: at, update_time: at,
  };
  store.leads.set(lead.id, lead);
  return ok(lead, null, 201);
}

export function listNotes(store: PipedriveStore, params: Record<string, string>): PdAnswer {
  const personId = params.person_id ? Number(params.person_id) : null;
  const leadId = params.lead_id ?? null;
  const rows = [...store.notes.values()].filter((n) => n.active_flag && (personId === null || n.person_id === personId) && (leadId === null || n.lead_id === leadId));
  return v1Page(rows, params);
}

export function addNote(store: PipedriveStore, body: Body, now: number): PdAnswer {
  if (typeof body.content !== "string" || body.content.trim() === "") return badRequest("Note content must be given.");
  const personId = typeof body.person_id === "number" ? body.person_id : null;
  const leadId = typeof body.lead_id === "string" ? body.lead_id : null;
  if (personId === null && leadId === null && typeof body.deal_id !== "number") return badRequest("Note must be linked to a deal, lead, person or organization.");
  if (personId !== null && !store.persons.get(personId)) return notFound("Person");
  if (leadId !== null && !store.leads.get(leadId)) return notFound("Lead");
  const at = v1Time(now);
  const note: FakeNote = { id: store.nextId(), user_id: store.company.userId, person_id: personId, lead_id: leadId, deal_id: null, content: body.content, add_time: at, update_time: at, active_flag: true };
  store.notes.set(note.id, note);
  return ok(note);
}

export function updateNote(store: PipedriveStore, id: number, body: Body, now: number): PdAnswer {
  const note = store.notes.get(id);
  if (!note || !note.active_flag) return notFound("Note");
  if (typeof body.content !== "string" || body.content.trim() === "") return badRequest("Note content must be given.");
  note.content = body.content;
  note.update_time = v1Time(now);
  return ok(note);
}

export function listDeals(store: PipedriveStore, params: Record<string, string>): PdAnswer {
  const statuses = params.status ? params.status.split(",") : ["open", "won", "lost"];
  const since = params.updated_since ? Date.parse(params.updated_since) : null;
  if (since !== null && Number.isNaN(since)) return badRequest("updated_since must be in RFC3339 format");
  const sortBy = params.sort_by ?? "id";
  const direction = params.sort_direction === "desc" ? -1 : 1;
  const rows = [...store.deals.values()]
    .filter((d) => statuses.includes(d.status) && (since === null || Date.parse(d.update_time) >= since))
    .sort((a, b) => direction * (sortBy === "update_time" ? a.update_time.localeCompare(b.update_time) || a.id - b.id : a.id - b.id));
  const paged = page(rows, params, 500);
  if ("status" in paged) return paged;
  return ok(paged.rows, { next_cursor: paged.next });
}

