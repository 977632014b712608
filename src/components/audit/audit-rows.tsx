"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { describeAction, describeTargetType } from "./describe-action";

type Entry = RouterOutputs["audit"]["list"][number];

export const AUDIT_PAGE_SIZE = 50;

function actorName(entry: Entry, people: Map<string, string>): string {
  if (entry.actorType === "SYSTEM") return "Leadline (system)";
  if (entry.actorType === "AI") return "AI agent";
  return (entry.actorId && people.get(entry.actorId)) ?? "Former member";
}

function Row({ entry, people }: { entry: Entry; people: Map<string, string> }) {
  return (
    <tr className="align-top">
      <td className="px-4 py-3">
        <p className="text-sm font-medium text-slate-900">{describeAction(entry.action)}</p>
        <p className="font-mono text-xs text-slate-400">{entry.action}</p>
      </td>
      <td className="px-4 py-3 text-sm text-slate-700">{actorName(entry, people)}</td>
      <td className="px-4 py-3 text-sm text-slate-700">
        {entry.targetType ? describeTargetType(entry.targetType) : "—"}
        {entry.targetId ? <span className="block font-mono text-xs text-slate-400" title={entry.targetId}>{entry.targetId.slice(-10)}</span> : null}
      </td>
      <td className="whitespace-nowrap px-4 py-3 text-sm text-slate-500">
        <time dateTime={entry.createdAt.toISOString()}>{entry.createdAt.toLocaleString()}</time>
      </td>
    </tr>
  );
}

function StatusRow({ children }: { children: ReactNode }) {
  return (
    <tr>
      <td colSpan={4} className="px-4 py-4 text-center text-sm text-slate-500">{children}</td>
    </tr>
  );
}

/**
 * One page of entries older than `before`. The last page offers "Load older", which appends
 * the next page after its oldest entry.
 */
export function AuditRows({ before, people, isLast, onLoadOlder }: {
  before: Date | undefined; people: Map<string, string>; isLast: boolean; onLoadOlder: (before: Date) => void;
}) {
  const trpc = useTRPC();
  const page = useQuery(trpc.audit.list.queryOptions({ limit: AUDIT_PAGE_SIZE, before }));

  if (page.isPending) return <StatusRow><span role="status">Loading entries…</span></StatusRow>;
  if (page.isError) {
    return (
      <StatusRow>
        <span role="alert" className="mr-3 text-red-700">{readTrpcError(page.error).message}</span>
        <Button variant="secondary" size="sm" pending={page.isFetching} onClick={() => void page.refetch()}>Try again</Button>
      </StatusRow>
    );
  }
  const oldest = page.data.at(-1);
  return (
    <>
      {page.data.map((entry) => (
        <Row key={entry.id} entry={entry} people={people} />
      ))}
      {isLast && oldest && page.data.length === AUDIT_PAGE_SIZE ? (
        <StatusRow>
          <Button variant="secondary" size="sm" onClick={() => onLoadOlder(oldest.createdAt)}>Load older entries</Button>
        </StatusRow>
      ) : null}
    </>
  );
}
