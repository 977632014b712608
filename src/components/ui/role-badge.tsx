import { ROLE_LABELS, type Role } from "../workspace/role";

const STYLES: Record<Role, string> = {
  ADMIN: "bg-brand-50 text-brand-700 ring-brand-100",
  AGENT: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  VIEWER: "bg-slate-100 text-slate-700 ring-slate-200",
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[role]}`}>
      {ROLE_LABELS[role]}
    </span>
  );
}
