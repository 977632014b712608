"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField, TextAreaField, TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { toDraft, toInput, type Settings, type SettingsDraft } from "./settings-draft";
import { TonePreview } from "./tone/tone-preview";

/** Workspace settings. Read-only (disabled, no save button) for anyone but admins. */
export function GeneralSettingsForm({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(settings));
  const save = useMutation(
    trpc.workspace.updateSettings.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.workspace.current.queryKey(), (old) => (old ? { ...old, settings: saved } : old));
        setDraft(toDraft(saved));
        if (saved.name !== settings.name) router.refresh(); // the shell shows the name
      },
    }),
  );
  const failure = save.error ? readTrpcError(save.error) : null;
  const fieldError = (field: string) => (failure ? firstFieldError(failure.fieldErrors, field) : undefined);
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    save.reset();
    setDraft((d) => ({ ...d, [key]: value }));
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(toInput(draft));
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Workspace settings">
      <fieldset disabled={readOnly} className="space-y-6">
        <Card title="Workspace" description="How your workspace appears to your team.">
          <TextField label="Workspace name" name="name" required maxLength={80} value={draft.name} onChange={(e) => set("name", e.target.value)} error={fieldError("name")} />
        </Card>

        <Card title="Replies" description="How AI-drafted replies sound, and when they may be sent automatically.">
          <div className="space-y-5">
            <TextAreaField
              label="Tone guidelines"
              name="toneGuidelines"
              rows={4}
              maxLength={2000}
              value={draft.toneGuidelines}
              onChange={(e) => set("toneGuidelines", e.target.value)}
              hint={`${draft.toneGuidelines.length} / 2,000 characters`}
              error={fieldError("toneGuidelines")}
            />
            {readOnly ? null : <TonePreview toneGuidelines={draft.toneGuidelines} />}
            <CheckboxField
              label="Send replies automatically"
              description="The workspace's switch: when off, nothing is sent without approval. Which messages may be sent, and how confident the AI must be, is set per intent under Automation below."
              name="autoReplyEnabled"
              checked={draft.autoReplyEnabled}
              onChange={(e) => set("autoReplyEnabled", e.target.checked)}
            />
            <CheckboxField
              label="Also auto-send replies to complaints"
              description="Complaints, refund requests and angry or escalating messages are left as drafts for a person unless this is on."
              name="autoReplyComplaints"
              checked={draft.autoReplyComplaints}
              disabled={readOnly || !draft.autoReplyEnabled}
              onChange={(e) => set("autoReplyComplaints", e.target.checked)}
            />
          </div>
        </Card>

        <Card title="Data and spending" description="How long messages are kept, and the most the AI may cost each month.">
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField label="Retention (days)" name="retentionDays" type="number" inputMode="numeric" min={1} max={3650} value={draft.retentionDays} onChange={(e) => set("retentionDays", e.target.value)} hint="Messages older than this are deleted." error={fieldError("retentionDays")} />
            <TextField label="Monthly AI budget (USD)" name="monthlyAiBudgetUsd" type="number" inputMode="decimal" min={0} step="0.01" value={draft.monthlyAiBudgetUsd} onChange={(e) => set("monthlyAiBudgetUsd", e.target.value)} hint="Leave empty for no limit." error={fieldError("monthlyAiBudgetUsd")} />
          </div>
        </Card>

        <Card title="CRM sync" description={<>How often changed leads go to your connected CRMs. Connect one, or give it its own interval, in <Link href="/settings/crm" className="font-medium text-brand-600 hover:underline">CRM</Link>.</>}>
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField label="Sync every (minutes)" name="crmSyncMinutes" type="number" inputMode="numeric" min={5} max={1440} step={1} value={draft.crmSyncMinutes} onChange={(e) => set("crmSyncMinutes", e.target.value)} hint="5 to 1,440 (once a day)." error={fieldError("crmSyncMinutes")} />
          </div>
        </Card>
      </fieldset>

      {readOnly ? null : (
        <div className="sticky bottom-0 mt-6 flex flex-wrap items-center justify-end gap-4 border-t border-slate-200 bg-slate-50/95 py-4">
          {failure ? <Notice tone="error" className="mr-auto">{failure.message}</Notice> : null}
          {save.isSuccess ? <p role="status" className="text-sm font-medium text-emerald-700">Settings saved</p> : null}
          <Button type="submit" pending={save.isPending}>Save changes</Button>
        </div>
      )}
    </form>
  );
}
