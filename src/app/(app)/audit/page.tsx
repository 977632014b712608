import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit log · Leadline" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit log" description="Every change to settings, the team and the knowledge base, newest first." />
      <AuditLog />
    </>
  );
}
