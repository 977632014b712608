import type { ReactNode } from "react";
import { Logo } from "@/components/brand/logo";

/** Focused, single-card pages on the way into the app: sign-in, sign-up, onboarding, invitations. */
export default function EntryLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-gradient-to-b from-brand-50 to-slate-50">
      <header className="mx-auto w-full max-w-md px-6 pt-10">
        <Logo />
      </header>
      <main className="mx-auto w-full max-w-md flex-1 px-6 py-8">{children}</main>
    </div>
  );
}
