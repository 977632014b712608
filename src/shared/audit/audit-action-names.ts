/**
 * Plain words for audit actions (the audit log page and its CSV export). Adding an audit action
 * is adding a row here: a test (audit-action-names.test.ts) collects every action code the code
 * base writes and fails for one without a name. An unknown code (an older or newer release)
 * still reads well: "inbox.status_changed" -> "Inbox: status changed".
 */
export const AUDIT_ACTION_NAMES: Readonly<Record<string, string>> = {
  // Workspace and team
  "workspace.create": "Created the workspace",
  "workspace.seed_demo": "Loaded demo data",
  "workspace.settings.update": "Changed workspace settings",
  "workspace.automation.update": "Changed automation rules",
  "demo.clear": "Cleared demo data",
  "invitation.create": "Invited a teammate",
  "invitation.accept": "Accepted an invitation",
  "invitation.revoke": "Revoked an invitation",
  "member.role.change": "Changed a member's role",
  "member.remove": "Removed a member",
  // Knowledge
  "knowledge.create": "Added a knowledge article",
  "knowledge.update": "Edited a knowledge article",
  "knowledge.delete": "Deleted a knowledge article",
  "knowledge.import": "Imported knowledge articles",
  // Channels
  "channel.connected": "Connected a channel",
  "channel.disconnected": "Disconnected a channel",
  "channel.needs_reauth": "Channel lost access (needs reconnecting)",
  "channel.auto_reply.update": "Changed a channel's auto-reply",
  "channel.resubscribed": "Renewed a channel's webhook subscription",
  "channel.resubscribe_failed": "Could not renew a channel's webhook subscription",
  // Inbox
  "conversation.status": "Changed a conversation's status",
  "conversation.assign": "Assigned a conversation",
  "conversation.unassign": "Unassigned a conversation",
  "conversation.auto_assign": "Assigned a conversation automatically",
  "conversation.auto_reply.pause": "Paused auto-reply in a conversation",
  "conversation.auto_reply.resume": "Resumed auto-reply in a conversation",
  "conversation.note.create": "Added a note to a conversation",
  "conversation.note.delete": "Deleted a conversation note",
  "message.not_spam": "Marked a message as not spam",
  "saved_reply.create": "Added a saved reply",
  "saved_reply.update": "Edited a saved reply",
  "saved_reply.delete": "Deleted a saved reply",
  // Replies
  "reply.approve": "Approved a reply",
  "reply.edit_and_approve": "Edited and approved a reply",
  "reply.override": "Wrote a reply instead of the AI's",
  "reply.discard": "Discarded a reply",
  "reply.discarded": "Reply discarded (message deleted)",
  "reply.sent": "Sent a reply",
  "reply.resend": "Sent a reply again",
  "reply.marked_sent": "Marked a reply as sent",
  "reply.delivery_unknown": "Reply delivery unknown",
  // AI
  "ai.message.classified": "AI classified a message",
  "ai.reply.draft": "AI drafted a reply",
  "ai.reply.auto_send": "AI sent a reply automatically",
  "ai.reply.draft_streamed": "AI drafted a reply on request",
  // Leads
  "lead.status": "Changed a lead's status",
  "lead.outcome_from_crm": "Lead outcome updated from the CRM",
  "leads.export": "Exported leads",
  "scorer.retrain": "Retrained the lead scorer",
  "scorer.retrain_skipped": "Skipped retraining the lead scorer",
  // CRM
  "crm.connected": "Connected a CRM",
  "crm.reconnected": "Reconnected a CRM",
  "crm.disconnected": "Disconnected a CRM",
  "crm.needs_reauth": "CRM lost access (needs reconnecting)",
  "crm.settings.update": "Changed CRM settings",
  "crm.mapping.update": "Changed CRM field mapping",
  "crm.sync": "Synced leads to the CRM",
  "crm.sync_now": "Started a CRM sync",
  "crm.tested": "Tested the CRM connection",
  "crm.lead.retry": "Retried a lead's CRM sync",
  // Privacy
  "privacy.contact.export": "Exported a contact's data",
  "privacy.contact.erase": "Erased a contact",
  "privacy.crm_erasure.resolve": "Marked a CRM erasure as done",
  "retention.redact": "Removed old personal data (retention)",
  // The audit log itself
  "audit.export": "Exported the audit log",
};

/** Words for the first part of a code, where capitalising is not enough. */
const AREA_NAMES: Readonly<Record<string, string>> = { ai: "AI", crm: "CRM" };

const words = (part: string) => part.replace(/[_.]+/g, " ").trim();

/** The plain name of an action code; an unknown code becomes "Area: the rest in words". */
export function describeAuditAction(code: string): string {
  const known = AUDIT_ACTION_NAMES[code];
  if (known) return known;
  const [area = "", ...rest] = code.split(".");
  const areaName = AREA_NAMES[area] ?? (words(area) ? words(area).charAt(0).toUpperCase() + words(area).slice(1) : "");
  const detail = words(rest.join("."));
  if (!areaName) return detail || "Unknown action";
  return detail ? `${areaName}: ${detail}` : areaName;
}

export const AUDIT_TARGET_NAMES: Readonly<Record<string, string>> = {
  workspace: "Workspace",
  invitation: "Invitation",
  membership: "Member",
  knowledge_article: "Knowledge article",
  channel: "Channel",
  conversation: "Conversation",
  reply: "Reply",
  message: "Message",
  lead: "Lead",
  contact: "Contact",
  crm_connection: "CRM connection",
  crm_erasure_request: "CRM erasure request",
  conversation_note: "Conversation note",
  crm_lead_link: "Lead in the CRM",
  saved_reply: "Saved reply",
};

export function describeAuditTarget(targetType: string): string {
  return AUDIT_TARGET_NAMES[targetType] ?? (words(targetType).charAt(0).toUpperCase() + words(targetType).slice(1));
}
