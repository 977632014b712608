import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { CreateWorkspaceForm } from "@/components/onboarding/create-workspace-form";
import { WorkspaceChoices } from "@/components/onboarding/workspace-choices";
import { EntryCard } from "@/components/ui/entry-card";
import { listMyWorkspaces } from "@/server/workspaces/list-my-workspaces";
import { currentUserId } from "../../_lib/session";

export const metadata: Metadata = { title: "Set up your workspace · Leadline" };

export default async function OnboardingPage() {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in?callbackUrl=%2Fonboarding");
  const workspaces = await listMyWorkspaces(userId);
  const hasWorkspaces = workspaces.length > 0;

  return (
    <div className="space-y-6">
      {hasWorkspaces ? (
        <EntryCard title="Choose a workspace" description="Open one of your workspaces, or create a new one below.">
          <WorkspaceChoices workspaces={workspaces} />
        </EntryCard>
      ) : null}
      <EntryCard
        title={hasWorkspaces ? "Create another workspace" : "Create your workspace"}
        description="A workspace holds your connected pages, inbox, knowledge base and team."
      >
        <CreateWorkspaceForm primary={!hasWorkspaces} />
      </EntryCard>
      <div className="flex justify-center">
        <SignOutButton />
      </div>
    </div>
  );
}
