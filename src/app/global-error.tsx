"use client";

import { RouteError } from "@/components/errors/route-error";
import "./globals.css";

/** Last resort when the root layout itself fails; it replaces the whole document. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 px-6 py-24 font-sans">
        <title>Something went wrong · Leadline</title>
        <RouteError error={error} retry={retry} />
      </body>
    </html>
  );
}
