"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorPanel } from "@/components/errors/error-panel";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import type { AutomationRules } from "@/shared/automation/automation-rules";
import { addOverride, removeOverride, setChannelRule, setIntentRule, setQuietHours, validateAutomation, type AutomationErrors } from "./automation-draft";
import { ChannelOverrides } from "./channel-overrides";
import { IntentRulesTable } from "./intent-rules-table";
import { QuietHoursFields } from "./quiet-hours-fields";

type Automation = RouterOutputs["workspace"]["automation"];

/** Settings -> Automation: loads the rules and the role; editable by admins, read-only for everyone else (the server refuses their writes regardless). */
export function AutomationSettings() {
  const trpc = useTRPC();
  const workspace = useQuery(trpc.workspace.current.queryOptions());
  const current = useQuery(trpc.workspace.automation.queryOptions());
  if (current.isPending || workspace.isPending) return <LoadingPanel label="Loading automation" />;
  if (current.isError) return <ErrorPanel title="We couldn't load the automation rules" error={current.error} onRetry={() => void current.refetch()} retrying={current.isFetching} />;
  if (workspace.isError) return null; // the settings above already show this failure
  return <AutomationForm automation={current.data} autoReplyEnabled={workspace.data.settings.autoReplyEnabled} readOnly={workspace.data.role !== "ADMIN"} />;
}

function AutomationForm({ automation, autoReplyEnabled, readOnly }: { automation: Automation; autoReplyEnabled: boolean; readOnly: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rules, setRules] = useState<AutomationRules>(automation.rules);
  const [errors, setErrors] = useState<AutomationErrors>({});
  const save = useMutation(
    trpc.workspace.updateAutomation.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.workspace.automation.queryKey(), saved);
        setRules(saved.rules);
      },
    }),
  );
  const failure = save.error ? readTrpcError(save.error) : null;
  const serverProblems = failure ? Object.values(failure.fieldErrors).flatMap((list) => list ?? []) : [];
  const edit = (next: AutomationRules) => {
    save.reset();
    setErrors({});
    setRules(next);
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The same schema as the server: refuse here first, with the message next to the field.
    const checked = validateAutomation(rules);
    if (!checked.ok) return setErrors(checked.errors);
    save.mutate(checked.rules);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Automation">
      <fieldset disabled={readOnly} className="space-y-6">
        <Card
          title="Automation"
          description="What the AI does with each kind of message. Auto-send also needs 'Send replies automatically' above and the channel's own switch, and never skips the safety rules (paused conversations, complaints, guardrails, knowledge)."
        >
          {!autoReplyEnabled ? (
            <Notice tone="warning" className="mb-4">{"'Send replies automatically' is off, so every reply stays a draft whatever the modes below say."}</Notice>
          ) : null}
          <IntentRulesTable rules={rules} errors={errors} onChange={(intent, patch) => edit(setIntentRule(rules, intent, patch))} />
        </Card>

        <Card title="Channel overrides" description="Make a channel stricter than the workspace: a mode no looser, a threshold no lower.">
          <ChannelOverrides
            rules={rules}
            channels={automation.channels}
            errors={errors}
            onAdd={(id) => edit(addOverride(rules, id))}
            onRemove={(id) => edit(removeOverride(rules, id))}
            onChange={(id, intent, rule) => edit(setChannelRule(rules, id, intent, rule))}
          />
        </Card>

        <Card title="Quiet hours" description="Nothing is sent automatically in this window, in the time zone you choose.">
          <QuietHoursFields value={rules.quietHours} errors={errors} onChange={(patch) => edit(setQuietHours(rules, patch))} />
        </Card>
      </fieldset>

      {readOnly ? null : (
        <div className="mt-6 flex flex-wrap items-center justify-end gap-4">
          {Object.keys(errors).length > 0 ? <Notice tone="error" className="mr-auto">Check the highlighted fields.</Notice> : null}
          {failure ? (
            <Notice tone="error" className="mr-auto">
              {serverProblems.length > 0 ? serverProblems.join(" ") : failure.message}
            </Notice>
          ) : null}
          {save.isSuccess ? <p role="status" className="text-sm font-medium text-emerald-700">Automation saved</p> : null}
          <Button type="submit" pending={save.isPending}>Save automation</Button>
        </div>
      )}
    </form>
  );
}
