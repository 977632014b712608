"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorPanel } from "@/components/errors/error-panel";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { useTRPC } from "@/lib/trpc/client";
import { ClearDemoData } from "./clear-demo-data";
import { GeneralSettingsForm } from "./general-settings-form";

/** Loads workspace.current; the role it returns decides whether the form is editable. */
export function GeneralSettings() {
  const trpc = useTRPC();
  const current = useQuery(trpc.workspace.current.queryOptions());

  if (current.isPending) return <LoadingPanel label="Loading settings" />;
  if (current.isError) {
    return <ErrorPanel title="We couldn't load your settings" error={current.error} onRetry={() => void current.refetch()} retrying={current.isFetching} />;
  }

  const { role, settings } = current.data;
  const readOnly = role !== "ADMIN";
  return (
    <div className="space-y-6">
      {readOnly ? <ReadOnlyNotice role={role}>Only admins can change workspace settings.</ReadOnlyNotice> : null}
      <GeneralSettingsForm key={settings.id} settings={settings} readOnly={readOnly} />
      {readOnly ? null : <ClearDemoData />}
    </div>
  );
}
