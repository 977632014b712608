"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { RouterInputs } from "@/components/trpc/router-types";

type ListInput = Exclude<RouterInputs["leads"]["list"], void | undefined>;
export type LeadFilterState = {
  tier?: ListInput["tier"]; status?: ListInput["status"]; intent?: ListInput["intent"]; channelId?: string; owner?: string; crm?: ListInput["crm"];
  sort: NonNullable<ListInput["sort"]>; dir: NonNullable<ListInput["dir"]>;
};
export type LeadSort = LeadFilterState["sort"];

export const LEAD_SORT_LABELS: Record<LeadSort, string> = { score: "Score", tier: "Tier", lastContact: "Last contact", created: "Created" };
const SORTS = Object.keys(LEAD_SORT_LABELS) as LeadSort[];
const TIERS = ["HOT", "WARM", "COLD"] as const satisfies ReadonlyArray<NonNullable<ListInput["tier"]>>;
const STATUSES = ["NEW", "QUALIFIED", "WON", "LOST"] as const satisfies ReadonlyArray<NonNullable<ListInput["status"]>>;
const INTENTS = ["SALES", "SUPPORT", "SPAM", "OTHER"] as const satisfies ReadonlyArray<NonNullable<ListInput["intent"]>>;
export const CRM_STATES = ["SYNCED", "PENDING", "FAILED", "DEAD", "NONE"] as const satisfies ReadonlyArray<NonNullable<ListInput["crm"]>>;

const pick = <T extends string>(values: readonly T[], raw: string | null): T | undefined => (values as readonly string[]).includes(raw ?? "") ? (raw as T) : undefined;
const id = (raw: string | null) => (raw && raw.length <= 100 ? raw : undefined);

/** The filters and order as URL query parameters (what the export link and a shared link carry); defaults are left out. */
export function filtersToQuery(f: LeadFilterState): string {
  const params = new URLSearchParams();
  for (const key of ["tier", "status", "intent", "channelId", "owner", "crm"] as const) {
    const value = f[key];
    if (value) params.set(key, value);
  }
  if (f.sort !== "score") params.set("sort", f.sort);
  if (f.dir !== "desc") params.set("dir", f.dir);
  return params.toString();
}

/**
 * The leads table's filters and order, kept in the URL so a link shows the same leads. Unknown
 * values in a hand-edited URL are ignored (the server checks again).
 */
export function useLeadFilters(): [LeadFilterState, (change: Partial<LeadFilterState>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo<LeadFilterState>(() => ({
    tier: pick(TIERS, params.get("tier")),
    status: pick(STATUSES, params.get("status")),
    intent: pick(INTENTS, params.get("intent")),
    channelId: id(params.get("channelId")),
    owner: id(params.get("owner")),
    crm: pick(CRM_STATES, params.get("crm")),
    sort: pick(SORTS, params.get("sort")) ?? "score",
    dir: pick(["asc", "desc"] as const, params.get("dir")) ?? "desc",
  }), [params]);
  const update = useCallback((change: Partial<LeadFilterState>) => {
    const query = filtersToQuery({ ...filters, ...change });
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }, [filters, pathname, router]);
  return [filters, update];
}
