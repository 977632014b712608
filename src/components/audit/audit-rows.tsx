"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { describeAuditAction, describeAuditTarget } from "@/shared/audit/audit-action-names";
import type { AuditFilterInput } from "./audit-filters";

type Entry = RouterOutputs["audit"]["list"][number];
export type AuditCursor = { createdAt: Date; id: string };

export const AUDIT_PAGE_SIZE = 50;

function actorName(entry: Entry, people: Map<string, string>): string {
  if (entry.actorType === "SYSTEM") return "Leadline (system)";
  if (entry.actorType === "AI") return "AI agent";
  return (entry.actorId && people.get(entry.actorId)) || "Former member";
}

/** Metadata as "key: value" pairs (ids, flags, counts and field names only). */
function describeDetails(metadata: unknown): string {
  if (!metadata || typeof metadata !== "object") return "";
  return Object.entries(metadata as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

function Row({ entry, people }: { entry: Entry; people: Map<string, string> }) {
  const details = describeDetails(entry.metadata);
  return (
    <tr className="align-top">
      <td className="px-4 py-3">
        <p className="text-sm font-medium text-slate-900">{describeAuditAction(entry.action)}</p>
        <p className="font-mono text-xs text-slate-500">{entry.action}</p>
        {details ? <p className="mt-1 max-w-md break-words text-xs text-slate-500">{details}</p> : null}
      </td>
      <td className="px-4 py-3 text-sm text-slate-700">{actorName(entry, people)}</td>
      <td className="px-4 py-3 text-sm text-slate-700">
        {entry.targetType ? describeAuditTarget(entry.targetType) : "—"}
        {entry.targetId ? <span className="block font-mono text-xs text-slate-500" title={entry.targetId}>{entry.targetId.slice(-10)}</span> : null}
      </td>
      <td className="whitespace-nowrap px-4 py-3 text-sm text-slate-500">
        <time dateTime={entry.createdAt.toISOString()}>{entry.createdAt.toLocaleString()}</time>
      </td>
    </tr>
  );
}

export function StatusRow({ children }: { children: ReactNode }) {
  return (
    <tr>
      <td colSpan={4} className="px-4 py-4 text-center text-sm text-slate-500">{children}</td>
    </tr>
  );
}

/**
 * One page of entries after `cursor` (null: the newest) matching `filters`. The last page offers
 * "Load older", which appends the next page after its last entry.
 */
export function AuditRows({ cursor, filters, people, isLast, onLoadOlder }: {
  cursor: AuditCursor | null; filters: AuditFilterInput; people: Map<string, string>; isLast: boolean; onLoadOlder: (next: AuditCursor) => void;
}) {
  const trpc = useTRPC();
  const page = useQuery(trpc.audit.list.queryOptions({ limit: AUDIT_PAGE_SIZE, cursor, filters }));

  if (page.isPending) return <StatusRow><span role="status">Loading entries…</span></StatusRow>;
  if (page.isError) {
    return (
      <StatusRow>
        <span role="alert" className="mr-3 text-red-700">{readTrpcError(page.error).message}</span>
        <Button variant="secondary" size="sm" pending={page.isFetching} onClick={() => void page.refetch()}>Try again</Button>
      </StatusRow>
    );
  }
  if (page.data.length === 0 && cursor === null) return <StatusRow>No entries match these filters.</StatusRow>;
  const last = page.data.at(-1);
  return (
    <>
      {page.data.map((entry) => (
        <Row key={entry.id} entry={entry} people={people} />
      ))}
      {isLast && last && page.data.length === AUDIT_PAGE_SIZE ? (
        <StatusRow>
          <Button variant="secondary" size="sm" onClick={() => onLoadOlder({ createdAt: last.createdAt, id: last.id })}>Load older entries</Button>
        </StatusRow>
      ) : null}
    </>
  );
}
