"use client";

import { RouteError } from "@/components/errors/route-error";

/** Failures inside an app page keep the shell (navigation, switcher) usable. */
export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="py-12">
      <RouteError error={error} retry={retry} />
    </div>
  );
}
