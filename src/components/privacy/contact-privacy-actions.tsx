"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc/client";
import { exportFileName, saveJson } from "./save-json";

/**
 * Admins only (the server refuses everyone else): a data-subject request for the contact of
 * this conversation. "Export data" downloads everything held about them as JSON; "Erase
 * contact" deletes it after a confirmation.
 */
export function ContactPrivacyActions({ contactId, contactName }: { contactId: string; contactName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const exportData = useMutation(trpc.privacy.exportContact.mutationOptions({ onSuccess: (doc) => saveJson(exportFileName(contactId, doc.exportedAt), doc) }));
  const erase = useMutation(
    trpc.privacy.eraseContact.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await Promise.allSettled([queryClient.invalidateQueries(trpc.inbox.list.queryFilter()), queryClient.invalidateQueries(trpc.leads.list.queryFilter())]);
        router.push("/inbox");
      },
    }),
  );

  return (
    <section aria-labelledby="privacy-actions-title" className="rounded-xl border border-slate-200 bg-white px-4 py-4 shadow-sm">
      <h2 id="privacy-actions-title" className="text-sm font-semibold text-slate-900">Personal data</h2>
      <p className="mt-1 text-xs text-slate-500">For a customer’s access or deletion request. Both are recorded in the audit log.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" pending={exportData.isPending} onClick={() => exportData.mutate({ contactId })}>Export data</Button>
        <Button variant="danger" size="sm" onClick={() => { erase.reset(); setConfirming(true); }}>Erase contact</Button>
      </div>
      {exportData.error ? <p role="alert" className="mt-2 text-xs text-red-700">{readTrpcError(exportData.error).message}</p> : null}
      <ConfirmDialog
        open={confirming}
        title={`Erase ${contactName}?`}
        confirmLabel="Erase for good"
        pending={erase.isPending}
        error={erase.error ? readTrpcError(erase.error).message : null}
        onConfirm={() => erase.mutate({ contactId })}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Deletes this contact with every conversation, message, reply, lead and AI record about them. It cannot be undone; export their data first if they asked
          for it. Records already sent to a CRM are listed under Settings → CRM for you to delete there.
        </p>
      </ConfirmDialog>
    </section>
  );
}
