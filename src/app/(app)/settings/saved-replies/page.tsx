import type { Metadata } from "next";
import { SavedRepliesSettings } from "@/components/saved-replies/saved-replies-settings";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Saved replies · Leadline" };

export default function SavedRepliesPage() {
  return (
    <>
      <PageHeader title="Saved replies" description="Answers your team reuses: agents insert them in the reply box and edit them before sending." />
      <SavedRepliesSettings />
    </>
  );
}
