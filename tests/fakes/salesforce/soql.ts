/**
 * Enough SOQL for the queries Leadline sends, and nothing more (a query of any other shape
 * answers 400 MALFORMED_QUERY, so a change on the client side shows up here):
 *   SELECT Id, <ext>, Status, IsConverted, LastModifiedDate FROM Lead
 *     WHERE LastModifiedDate > <dateTime> AND <ext> != null
 *     AND (IsConverted = true [OR (IsConverted = false AND Status IN ('a', ...))])
 *     ORDER BY LastModifiedDate, Id
 *   SELECT Id, WhoId FROM Task WHERE Subject = '<s>' AND WhoId IN ('<id>', ...) ORDER BY CreatedDate
 *   SELECT Id, Name FROM Organization LIMIT 1
 */
import { sameId, sfDate, type SalesforceStore } from "./state";

export type QueryResult = { rows: Array<Record<string, unknown>> } | { error: string };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

function literals(list: string): string[] | null {
  const values: string[] = [];
  const rest = list.replace(/'((?:[^'\\]|\\.)*)'\s*(,\s*|$)/g, (_m, value: string) => {
    values.push(value.replace(/\\(.)/g, "$1"));
    return "";
  });
  return rest.trim() === "" && values.length > 0 ? values : null;
}

export function runSoql(store: SalesforceStore, soql: string, apiVersion: string): QueryResult {
  const q = soql.trim().replace(/\s+/g, " ");
  const url = (type: string, id: string) => `/services/data/${apiVersion}/sobjects/${type}/${id}`;

  if (/^SELECT Id, Name FROM Organization LIMIT 1$/i.test(q)) {
    return { rows: [{ attributes: { type: "Organization", url: url("Organization", store.orgId) }, Id: store.orgId, Name: store.orgName }] };
  }

  const outcome = /^SELECT Id, (\w+), Status, IsConverted, LastModifiedDate FROM Lead WHERE LastModifiedDate > (\S+) AND (\w+) != null AND \(IsConverted = true(?: OR \(IsConverted = false AND Status IN \((.+)\)\))?\) ORDER BY LastModifiedDate, Id$/.exec(q);
  if (outcome) {
    const [, ext, since, extAgain, statusList] = outcome as unknown as [string, string, string, string, string | undefined];
    if (ext !== extAgain) return { error: "the external-id field differs between SELECT and WHERE" };
    if (!DATETIME.test(since)) return { error: `invalid dateTime literal ${since}` };
    const statuses = statusList === undefined ? [] : literals(statusList);
    if (statuses === null) return { error: "invalid Status IN list" };
    const after = Date.parse(since);
    const rows = [...store.leads.values()]
      .filter((l) => l.LastModifiedDate > after && l.fields[ext] != null && (l.IsConverted || statuses.includes(l.Status)))
      .sort((a, b) => a.LastModifiedDate - b.LastModifiedDate || a.Id.localeCompare(b.Id))
      .map((l) => ({ attributes: { type: "Lead", url: url("Lead", l.Id) }, Id: l.Id, [ext]: l.fields[ext], Status: l.Status, IsConverted: l.IsConverted, LastModifiedDate: sfDate(l.LastModifiedDate) }));
    return { rows };
  }

  const tasks = /^SELECT Id, WhoId FROM Task WHERE Subject = '((?:[^'\\]|\\.)*)' AND WhoId IN \((.+)\) ORDER BY CreatedDate$/.exec(q);
  if (tasks) {
    const subject = (tasks[1] ?? "").replace(/\\(.)/g, "$1");
    const ids = literals(tasks[2] ?? "");
    if (!ids) return { error: "invalid WhoId IN list" };
    const rows = [...store.tasks.values()]
      .filter((t) => t.Subject === subject && ids.some((id) => sameId(id, t.WhoId)))
      .sort((a, b) => a.CreatedDate - b.CreatedDate)
      .map((t) => ({ attributes: { type: "Task", url: url("Task", t.Id) }, Id: t.Id, WhoId: t.WhoId }));
    return { rows };
  }
  return { error: "unsupported query shape" };
}
