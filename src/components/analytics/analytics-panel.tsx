"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";

/**
 * One panel of the analytics page: a Card whose body is the loading, error, empty or loaded
 * state of its own query, so a slow or failing figure never blanks the others.
 */
export function AnalyticsPanel<T>({ title, description, query, isEmpty, emptyText, children, className = "" }: {
  title: string;
  description?: ReactNode;
  query: UseQueryResult<T, unknown>;
  isEmpty: (data: T) => boolean;
  emptyText: string;
  children: (data: T) => ReactNode;
  className?: string;
}) {
  return (
    // min-w-0: a grid item may shrink below its chart's width, so the charts reflow on a phone.
    <Card title={title} description={description} className={`min-w-0 ${className}`}>
      <PanelBody query={query} isEmpty={isEmpty} emptyText={emptyText} title={title}>{children}</PanelBody>
    </Card>
  );
}

function PanelBody<T>({ query, isEmpty, emptyText, title, children }: {
  query: UseQueryResult<T, unknown>; isEmpty: (data: T) => boolean; emptyText: string; title: string; children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <div role="status" aria-live="polite" className="flex min-h-40 items-center justify-center gap-3 text-sm text-slate-500">
        <Spinner className="size-5 text-brand-500" />
        <span>Loading {title.toLowerCase()}…</span>
      </div>
    );
  }
  if (query.isError) {
    const readable = readTrpcError(query.error);
    const slow = (query.error as { data?: { appCode?: string } } | null)?.data?.appCode === "UNAVAILABLE";
    return (
      <div role="alert" className="flex min-h-40 flex-col items-center justify-center gap-3 text-center text-sm">
        <p className="font-medium text-slate-900">We couldn&apos;t load {title.toLowerCase()}</p>
        <p className="max-w-sm text-slate-600">{slow ? "These figures took too long to compute. Try a shorter range." : readable.message}</p>
        <Button variant="secondary" size="sm" pending={query.isFetching} onClick={() => void query.refetch()}>Try again</Button>
      </div>
    );
  }
  if (isEmpty(query.data)) {
    return <p className="flex min-h-40 items-center justify-center px-4 text-center text-sm text-slate-500">{emptyText}</p>;
  }
  return <div aria-busy={query.isFetching || undefined}>{children(query.data)}</div>;
}
