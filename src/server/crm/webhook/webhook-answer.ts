import { z } from "zod";
import { CrmConfigError, type CrmRecordResult } from "../crm-connector";

/** The optional per-lead answer a receiver may give (docs/crm/webhook.md). */
const answerSchema = z.object({
  results: z
    .array(
      z.object({
        key: z.string().min(1).max(200),
        ok: z.boolean(),
        id: z.string().min(1).max(200).optional(),
        created: z.boolean().optional(),
        reason: z.string().max(500).optional(),
        retryable: z.boolean().optional(),
      }),
    )
    .max(1000),
});

/**
 * One result per lead sent. A 2xx without `results` accepts every lead (externalId = its key). With
 * `results`, each lead takes its own; a lead the receiver left out is a retryable failure. A
 * `results` that does not match the documented shape is a CrmConfigError: the receiver must be
 * fixed, and guessing that it accepted everything could lose leads.
 */
export function resultsFromAnswer(status: number, body: unknown, sent: Array<{ leadId: string; key: string; externalId: string | null }>): CrmRecordResult[] {
  if (status < 200 || status >= 300) {
    // A 4xx other than auth / gone / rate limit: the receiver refused the whole batch's content.
    return sent.map((s) => ({ leadId: s.leadId, ok: false, reason: `The receiver refused the batch (${status}).`, retryable: false }));
  }
  if (typeof body !== "object" || body === null || !("results" in body)) {
    // Without results the receiver's side is unknown: "created" means first sent to this connection.
    return sent.map((s) => ({ leadId: s.leadId, ok: true, externalId: s.externalId ?? s.key, created: s.externalId === null }));
  }
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success) throw new CrmConfigError("The webhook receiver answered 2xx with a `results` list that does not match the documented shape.");
  const byKey = new Map(parsed.data.results.map((r) => [r.key, r]));
  return sent.map((s): CrmRecordResult => {
    const r = byKey.get(s.key);
    if (!r) return { leadId: s.leadId, ok: false, reason: "The receiver's results did not include this lead.", retryable: true };
    if (r.ok) return { leadId: s.leadId, ok: true, externalId: r.id ?? s.externalId ?? s.key, created: r.created ?? s.externalId === null };
    return { leadId: s.leadId, ok: false, reason: (r.reason ?? "Rejected by the receiver.").slice(0, 500), retryable: r.retryable ?? false };
  });
}
