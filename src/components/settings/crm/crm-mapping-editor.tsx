"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/form-fields";
import { useTRPC } from "@/lib/trpc/client";
import type { CrmConnection } from "./crm-types";
import { doubledProperties, fromMappingDraft, LEADLINE_FIELD_LABELS, LEADLINE_FIELD_NAMES, toMappingDraft, type MappingDraft } from "./leadline-fields";

/**
 * Which CRM property each Leadline field fills. Admins pick from the CRM's own field list
 * (fetched from the CRM when the editor opens); saving asks the CRM to check the mapping first,
 * so a property that does not exist is refused with the CRM's words and nothing changes.
 * Everyone else reads the mapping.
 */
export function CrmMappingEditor({ connection, canManage }: { connection: CrmConnection; canManage: boolean }) {
  const [editing, setEditing] = useState(false);
  const mapped = LEADLINE_FIELD_NAMES.filter((f) => connection.mapping[f]);

  return (
    <section aria-labelledby={`mapping-${connection.id}`} className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`mapping-${connection.id}`} className="text-sm font-semibold text-slate-900">Field mapping</h3>
        {canManage && !editing ? <Button variant="ghost" size="sm" onClick={() => setEditing(true)}>Edit mapping</Button> : null}
      </div>
      {editing ? (
        <MappingForm connection={connection} onDone={() => setEditing(false)} />
      ) : mapped.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing mapped: only the lead’s Leadline id is sent.</p>
      ) : (
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {mapped.map((f) => (
            <div key={f} className="flex justify-between gap-3 border-b border-slate-100 py-1">
              <dt className="text-slate-600">{LEADLINE_FIELD_LABELS[f]}</dt>
              <dd className="truncate font-mono text-xs text-slate-800" title={connection.mapping[f]}>{connection.mapping[f]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function MappingForm({ connection, onDone }: { connection: CrmConnection; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fields = useQuery({ ...trpc.crm.fields.queryOptions({ connectionId: connection.id }), staleTime: 60_000, retry: false });
  const [draft, setDraft] = useState<MappingDraft>(() => toMappingDraft(connection.mapping));
  const save = useMutation(
    trpc.crm.updateMapping.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.crm.list.queryFilter());
        onDone();
      },
    }),
  );
  const doubled = doubledProperties(draft);
  const failure = save.error ? readTrpcError(save.error) : null;
  const failureText = failure ? (failure.fieldErrors.mapping?.[0] ?? failure.message) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ connectionId: connection.id, mapping: fromMappingDraft(draft) });
  }

  if (fields.isPending) return <p className="text-sm text-slate-500">Loading the CRM’s fields…</p>;
  if (fields.isError) {
    return (
      <div role="alert" className="space-y-2 text-sm text-red-700">
        <p>{readTrpcError(fields.error).message}</p>
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" pending={fields.isFetching} onClick={() => void fields.refetch()}>Try again</Button>
          <Button variant="ghost" size="sm" onClick={onDone}>Cancel</Button>
        </div>
      </div>
    );
  }
  const known = new Set(fields.data.map((f) => f.name));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Field mapping" className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {LEADLINE_FIELD_NAMES.map((f) => {
          const value = draft[f];
          const missing = value !== "" && !known.has(value);
          const twice = value !== "" && doubled.has(value.toLowerCase());
          const id = `map-${connection.id}-${f}`;
          return (
            <div key={f} className="space-y-1">
              <label htmlFor={id} className="block text-sm font-medium text-slate-800">{LEADLINE_FIELD_LABELS[f]}</label>
              <select
                id={id}
                value={value}
                aria-invalid={missing || twice || undefined}
                aria-describedby={missing || twice ? `${id}-problem` : undefined}
                onChange={(e) => {
                  save.reset();
                  setDraft((d) => ({ ...d, [f]: e.target.value }));
                }}
                className={inputClasses}
              >
                <option value="">Not sent</option>
                {missing ? <option value={value}>{value} (not found in the CRM)</option> : null}
                {fields.data.map((field) => (
                  <option key={field.name} value={field.name}>{field.label === field.name ? field.name : `${field.label} (${field.name})`}{field.required ? " *" : ""}</option>
                ))}
              </select>
              {missing || twice ? (
                <p id={`${id}-problem`} className="text-xs font-medium text-red-700">{missing ? "The CRM has no such field any more." : "Another Leadline field fills this one too."}</p>
              ) : null}
            </div>
          );
        })}
      </div>
      {failureText ? <p role="alert" className="text-sm text-red-700">{failureText}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" pending={save.isPending} disabled={doubled.size > 0}>Check and save</Button>
        <Button variant="ghost" size="sm" disabled={save.isPending} onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
