import type { Metadata } from "next";
import { GeneralSettings } from "@/components/settings/general-settings";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Settings · Leadline" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Tone, automation, retention and spending for this workspace." />
      <GeneralSettings />
    </>
  );
}
