"use client";

import Link from "next/link";
import { useEffect } from "react";
import { Button, buttonClasses } from "@/components/ui/button";

/**
 * The body of the route error boundaries. Server errors arrive redacted (a digest only), so the
 * text is generic; the digest helps match the server log.
 */
export function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className="mx-auto max-w-lg rounded-xl border border-red-200 bg-white px-8 py-10 text-center shadow-sm">
      <h1 className="text-lg font-semibold text-slate-900">Something went wrong on our side</h1>
      <p className="mt-2 text-sm text-slate-600">
        Leadline couldn’t load this page. This is usually temporary (for example while the database restarts). Try again in a moment.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-slate-500">Reference: {digest}</p> : null}
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={retry}>Try again</Button>
        <Link href="/" className={buttonClasses("secondary")}>Go to the home page</Link>
      </div>
    </div>
  );
}
