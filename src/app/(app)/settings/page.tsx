import type { Metadata } from "next";
import { InboxAutoAssignSetting } from "@/components/inbox/inbox-auto-assign-setting";
import { AutomationSettings } from "@/components/settings/automation/automation-settings";
import { GeneralSettings } from "@/components/settings/general-settings";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Settings · Leadline" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Tone, automation, inbox assignment, retention and spending for this workspace." />
      <div className="space-y-6">
        <GeneralSettings />
        <section id="automation" aria-label="Automation settings">
          <AutomationSettings />
        </section>
        <section id="inbox" aria-label="Inbox settings">
          <InboxAutoAssignSetting />
        </section>
      </div>
    </>
  );
}
