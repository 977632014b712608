import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { ActivateWorkspace } from "@/components/shell/activate-workspace";
import { ActiveWorkspaceProvider } from "@/components/workspace/active-workspace";
import { listMyWorkspaces } from "@/server/workspaces/list-my-workspaces";
import { currentUserId, requestedWorkspaceId } from "../_lib/session";

/**
 * The signed-in app. Sends visitors to sign-in and users without a workspace to onboarding.
 * Every page's data still goes through tRPC procedures, which check membership and role.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const workspaces = await listMyWorkspaces(userId);
  const first = workspaces[0];
  if (!first) redirect("/onboarding");

  const requested = await requestedWorkspaceId();
  const active = workspaces.find((w) => w.id === requested);
  if (!active) return <ActivateWorkspace workspaceId={first.id} name={first.name} />;

  return (
    <ActiveWorkspaceProvider key={active.id} value={{ id: active.id, name: active.name, role: active.role, userId }}>
      <AppShell active={active} workspaces={workspaces}>{children}</AppShell>
    </ActiveWorkspaceProvider>
  );
}
