import type { Metadata } from "next";
import { TeamSettings } from "@/components/team/team-settings";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Team · Leadline" };

export default function TeamPage() {
  return (
    <>
      <PageHeader title="Team" description="Who can work in this workspace, and what they can do." />
      <TeamSettings />
    </>
  );
}
