import type { HistoryTurn } from "@/agents/reply/prompt";
import { decrypt } from "../crypto/field-crypto";
import type { Tx } from "../db/tenant";
import { anonymise, type KnownContact } from "../privacy/anonymise";
import type { MessageContext } from "./load-message-context";

const MAX_TURNS = 12;

/** Recent turns of the conversation before this message, anonymised (the reply prompt truncates to its token budget). */
export async function loadConversationHistory(tx: Tx, ctx: MessageContext, known: KnownContact): Promise<HistoryTurn[]> {
  const [inbound, replies] = await Promise.all([
    tx.message.findMany({
      where: { conversationId: ctx.conversation.id, direction: "INBOUND", sentAt: { lt: ctx.message.sentAt }, textEnc: { not: null } },
      orderBy: { sentAt: "desc" }, take: MAX_TURNS, select: { textEnc: true, sentAt: true },
    }),
    tx.reply.findMany({
      where: { conversationId: ctx.conversation.id, status: "SENT", sentAt: { lt: ctx.message.sentAt } },
      orderBy: { sentAt: "desc" }, take: MAX_TURNS, select: { textEnc: true, sentAt: true },
    }),
  ]);
  const turns = [
    ...inbound.map((m) => ({ at: m.sentAt, role: "customer" as const, text: anonymise(decrypt(m.textEnc!), known).text })),
    ...replies.map((r) => ({ at: r.sentAt!, role: "business" as const, text: anonymise(decrypt(r.textEnc), known).text })),
  ];
  return turns.sort((a, b) => a.at.getTime() - b.at.getTime()).slice(-MAX_TURNS).map(({ role, text }) => ({ role, text }));
}
