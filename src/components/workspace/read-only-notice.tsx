import { Notice } from "@/components/ui/notice";
import type { Role } from "./role";

/** Tells a non-admin why the controls are disabled. The server refuses their writes regardless. */
export function ReadOnlyNotice({ role, children }: { role: Role; children: string }) {
  return (
    <Notice tone="warning" title={`Read-only: your role is ${role.toLowerCase()}`}>
      {children}
    </Notice>
  );
}
