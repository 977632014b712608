import type { Metadata } from "next";
import type { ReactNode } from "react";
import { InboxShell } from "@/components/inbox/inbox-shell";

export const metadata: Metadata = { title: "Inbox · Leadline" };

/** The list stays mounted (filter and scroll kept) while the selected conversation changes. */
export default function InboxLayout({ children }: { children: ReactNode }) {
  return <InboxShell>{children}</InboxShell>;
}
