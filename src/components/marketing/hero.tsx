import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { InboxPreview } from "./inbox-preview";

export function Hero() {
  return (
    <section className="relative overflow-hidden">
      <div className="absolute inset-x-0 top-0 -z-10 h-[32rem] bg-gradient-to-b from-brand-50 to-transparent" />
      <div className="mx-auto grid max-w-6xl items-center gap-12 px-6 py-20 lg:grid-cols-2 lg:py-28">
        <div>
          <p className="inline-flex rounded-full bg-white px-3 py-1 text-xs font-medium text-brand-700 ring-1 ring-brand-100">
            The AI inbox for social-media leads
          </p>
          <h1 className="mt-5 text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
            Every DM, comment and mention, turned into a qualified lead.
          </h1>
          <p className="mt-5 max-w-xl text-lg text-slate-600">
            Leadline classifies and scores every message from your social pages, drafts an on-brand reply your team can
            approve in one click, and syncs the leads to your CRM.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link href="/sign-up" className={buttonClasses("primary", "lg")}>Create your workspace</Link>
            <Link href="/sign-in" className={buttonClasses("secondary", "lg")}>Sign in</Link>
          </div>
          <p className="mt-4 text-sm text-slate-500">Set up in minutes. Invite your team when you’re ready.</p>
        </div>
        <InboxPreview />
      </div>
    </section>
  );
}
