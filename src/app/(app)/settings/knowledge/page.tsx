import type { Metadata } from "next";
import { KnowledgeImport } from "@/components/knowledge/import/knowledge-import";
import { KnowledgeBase } from "@/components/knowledge/knowledge-base";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Knowledge · Leadline" };

export default function KnowledgePage() {
  return (
    <>
      <PageHeader title="Knowledge" description="Articles the AI uses to answer customers accurately." />
      <KnowledgeBase />
      <div className="mt-6"><KnowledgeImport /></div>
    </>
  );
}
