"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { CheckboxField, TextField } from "@/components/ui/form-fields";
import { useTRPC } from "@/lib/trpc/client";
import type { CrmConnection } from "./crm-types";

/** Admins: this connection's own interval (empty: the workspace's) and the on/off switch. */
export function CrmIntervalForm({ connection }: { connection: CrmConnection }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [minutes, setMinutes] = useState(connection.syncMinutes === null ? "" : String(connection.syncMinutes));
  const [enabled, setEnabled] = useState(connection.enabled);
  const save = useMutation(trpc.crm.updateSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.crm.list.queryFilter()) }));
  const failure = save.error ? readTrpcError(save.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = minutes.trim();
    save.mutate({ connectionId: connection.id, syncMinutes: trimmed === "" ? null : Number(trimmed), enabled });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sync interval" className="grid items-end gap-4 sm:grid-cols-[minmax(0,16rem)_1fr_auto]">
      <TextField
        label="Sync every (minutes)"
        name="syncMinutes"
        type="number"
        inputMode="numeric"
        min={5}
        max={1440}
        step={1}
        placeholder={`${connection.effectiveSyncMinutes} (workspace default)`}
        value={minutes}
        onChange={(e) => {
          save.reset();
          setMinutes(e.target.value);
        }}
        hint="5 to 1,440. Empty: the workspace’s interval (Settings)."
        error={failure ? (firstFieldError(failure.fieldErrors, "syncMinutes") ?? failure.message) : undefined}
      />
      <CheckboxField
        label="Sync this CRM"
        description="When off, leads wait here and are sent once it is back on."
        name="enabled"
        checked={enabled}
        onChange={(e) => {
          save.reset();
          setEnabled(e.target.checked);
        }}
      />
      <div className="flex items-center gap-3">
        {save.isSuccess ? <p role="status" className="text-sm font-medium text-emerald-700">Saved</p> : null}
        <Button type="submit" variant="secondary" size="sm" pending={save.isPending}>Save</Button>
      </div>
    </form>
  );
}
