"use client";

import { RouteError } from "@/components/errors/route-error";

/** Catches failures anywhere below the root layout, including the app shell's own data loading. */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="px-6 py-24">
      <RouteError error={error} retry={retry} />
    </main>
  );
}
