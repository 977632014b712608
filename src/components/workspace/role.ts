/** Workspace roles, highest first (docs/architecture.md#roles). The server enforces them; the UI only adapts. */
export const ROLES = ["ADMIN", "AGENT", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = { ADMIN: "Admin", AGENT: "Agent", VIEWER: "Viewer" };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  ADMIN: "Everything, including settings, team and the audit log",
  AGENT: "Works the inbox and qualifies leads",
  VIEWER: "Read-only access",
};
