import { recordAudit } from "../audit/record-audit";
import { withTenant, type Tx } from "../infra/db/tenant";

/** How many rows of each kind a clear removed (counts only: this goes to the audit log). */
export type ClearedDemoData = {
  conversations: number;
  messages: number;
  replies: number;
  agentRuns: number;
  leads: number;
  contacts: number;
};

export type ClearDemoDataResult = {
  cleared: ClearedDemoData;
  /** Ids of what was removed, so open inboxes can be told to refetch. */
  conversationIds: string[];
  leadIds: string[];
};

/**
 * Removes the workspace's demo data: everything that came in through its Demo channel
 * (platform DEMO) — contacts, their leads, conversations, messages, replies and the agent runs
 * behind those messages. The Demo channel itself, the knowledge base, usage totals and the
 * audit log stay. One tenant transaction: it all goes, or nothing does. Running it again
 * removes nothing more.
 */
export async function clearDemoData(scope: { workspaceId: string; userId: string }): Promise<ClearDemoDataResult> {
  return withTenant(scope, (tx) => clearDemoDataIn(tx, scope));
}

async function clearDemoDataIn(tx: Tx, { workspaceId, userId }: { workspaceId: string; userId: string }): Promise<ClearDemoDataResult> {
  const channels = await tx.channel.findMany({ where: { workspaceId, platform: "DEMO" }, select: { id: true } });
  const channelIds = channels.map((c) => c.id);
  const demo = { workspaceId, channelId: { in: channelIds } };

  const [conversations, leads] = await Promise.all([
    tx.conversation.findMany({ where: demo, select: { id: true } }),
    tx.lead.findMany({ where: { workspaceId, contact: demo }, select: { id: true } }),
  ]);

  // Children first, so each count is what this clear removed, not what a cascade took along.
  // Agent runs would survive their message (ON DELETE SET NULL), so they go explicitly.
  const agentRuns = await tx.agentRun.deleteMany({ where: { workspaceId, message: demo } });
  const replies = await tx.reply.deleteMany({ where: { workspaceId, conversation: demo } });
  const messages = await tx.message.deleteMany({ where: demo });
  const deletedConversations = await tx.conversation.deleteMany({ where: demo });
  const deletedLeads = await tx.lead.deleteMany({ where: { workspaceId, contact: demo } });
  const contacts = await tx.contact.deleteMany({ where: demo });

  const cleared: ClearedDemoData = {
    conversations: deletedConversations.count,
    messages: messages.count,
    replies: replies.count,
    agentRuns: agentRuns.count,
    leads: deletedLeads.count,
    contacts: contacts.count,
  };
  await recordAudit(tx, workspaceId, {
    actor: { type: "USER", id: userId },
    action: "demo.clear",
    target: { type: "workspace", id: workspaceId },
    metadata: cleared,
  });
  return { cleared, conversationIds: conversations.map((c) => c.id), leadIds: leads.map((l) => l.id) };
}
