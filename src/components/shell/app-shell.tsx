import type { ReactNode } from "react";
import { Logo } from "@/components/brand/logo";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { ReconnectBanner } from "@/components/settings/channels/reconnect-banner";
import { RoleBadge } from "@/components/ui/role-badge";
import type { Role } from "@/components/workspace/role";
import { NavLinks } from "./nav-links";
import { ShellMenu } from "./shell-menu";
import { WorkspaceSwitcher } from "./workspace-switcher";

type Workspace = { id: string; name: string; slug: string; role: Role };

/** Sidebar (workspace, role, navigation, sign-out) beside the page; on small screens a two-row header with the workspace menu folded. */
export function AppShell({ active, workspaces, children }: { active: Workspace; workspaces: Workspace[]; children: ReactNode }) {
  return (
    <div className="min-h-screen lg:flex">
      <aside className="border-b border-slate-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-screen lg:w-64 lg:shrink-0 lg:flex-col lg:border-r lg:border-b-0">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-3 px-4 pt-3 lg:px-5 lg:pt-5">
          <div className="mr-auto"><Logo href="/inbox" /></div>
          <NotificationBell />
          <ShellMenu>
            <div className="space-y-2 pb-1 lg:pt-3">
              <WorkspaceSwitcher activeId={active.id} initial={workspaces} />
              <p className="flex items-center gap-2 text-xs text-slate-500">
                Your role <RoleBadge role={active.role} />
              </p>
              <div className="lg:hidden"><SignOutButton /></div>
            </div>
          </ShellMenu>
        </div>
        <div className="px-3 py-2 lg:flex-1 lg:py-4">
          <NavLinks isAdmin={active.role === "ADMIN"} />
        </div>
        <div className="hidden border-t border-slate-100 px-3 py-3 lg:block">
          <SignOutButton className="w-full justify-start" />
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-5 sm:px-6 lg:px-10 lg:py-8">
        <div className="mx-auto max-w-5xl">
          <ReconnectBanner inShell className="mb-6" />
          {children}
        </div>
      </main>
    </div>
  );
}
