/** Readable names for audit actions; unknown actions show their code, so new ones never break the table. */
const ACTION_LABELS: Record<string, string> = {
  "workspace.create": "Created the workspace",
  "workspace.seed_demo": "Loaded demo data",
  "demo.clear": "Cleared demo data",
  "workspace.settings.update": "Changed workspace settings",
  "invitation.create": "Invited a teammate",
  "invitation.accept": "Accepted an invitation",
  "invitation.revoke": "Revoked an invitation",
  "member.role.change": "Changed a member's role",
  "member.remove": "Removed a member",
  "knowledge.create": "Added a knowledge article",
  "knowledge.update": "Edited a knowledge article",
  "knowledge.delete": "Deleted a knowledge article",
};

export function describeAction(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

const TARGET_LABELS: Record<string, string> = {
  workspace: "Workspace",
  invitation: "Invitation",
  membership: "Member",
  knowledge_article: "Knowledge article",
};

export function describeTargetType(targetType: string): string {
  return TARGET_LABELS[targetType] ?? targetType;
}
