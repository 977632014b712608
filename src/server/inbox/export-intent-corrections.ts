import type { LabelledText } from "@/agents/intent/schema";
import { anonymise } from "@/shared/privacy/anonymise";
import { toAgentIntent } from "@/shared/vocabulary";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";

/**
 * The workspace's intent corrections ("Not spam") as labelled examples for the intent
 * classifier's retraining, in its training format (`{"text", "label"}` lines, lower-case
 * labels: training-data/intent/*.jsonl). The text is anonymised as the agents see it (names,
 * handles, emails, phones... become placeholders), never exported raw; a message whose text is
 * gone (retention, deleted by the sender) has no example. One example per message: its latest
 * correction.
 */
export async function exportIntentCorrections(tx: Tx, workspaceId: string, opts: { since?: Date; limit?: number } = {}): Promise<LabelledText[]> {
  const rows = await tx.intentCorrection.findMany({
    where: { workspaceId, ...(opts.since ? { createdAt: { gte: opts.since } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 5_000,
    select: { messageId: true, toIntent: true, conversation: { select: { contact: { select: { workspaceId: true, displayNameEnc: true, handleEnc: true } } } } },
  });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.messageId)) latest.set(r.messageId, r);
  const messages = await tx.message.findMany({
    where: { workspaceId, id: { in: [...latest.keys()] }, textEnc: { not: null }, deletedAt: null },
    select: { id: true, textEnc: true },
  });
  const examples: LabelledText[] = [];
  for (const m of messages) {
    const correction = latest.get(m.id)!;
    const contact = correction.conversation.contact;
    const known = contact.workspaceId === workspaceId
      ? { names: [decryptOptional(contact.displayNameEnc)].filter((n): n is string => !!n), handles: [decryptOptional(contact.handleEnc)].filter((h): h is string => !!h) }
      : {};
    const text = anonymise(decrypt(m.textEnc!), known).text.trim();
    if (text) examples.push({ text, label: toAgentIntent(correction.toIntent) });
  }
  return examples;
}

/** JSON lines, as the training files hold them. */
export function toTrainingJsonl(examples: readonly LabelledText[]): string {
  return examples.map((e) => JSON.stringify({ text: e.text, label: e.label })).join("\n") + (examples.length ? "\n" : "");
}
