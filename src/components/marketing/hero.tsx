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
            Every customer message read, scored and answered, with your team in control.
          </h1>
          <p className="mt-5 max-w-xl text-lg text-slate-600">
            Leadline works out what each customer wants, scores them as a lead and drafts a reply from your own knowledge base, in
            your tone. Your team approves or edits it in a live inbox, or lets confident answers go out on their own.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link href="/sign-up" className={buttonClasses("primary", "lg")}>Create your workspace</Link>
            <Link href="/sign-in" className={buttonClasses("secondary", "lg")}>Sign in</Link>
          </div>
          <p className="mt-4 max-w-xl text-sm text-slate-500">
            Connect Facebook Pages, Instagram and X accounts, and send leads to HubSpot, Salesforce or Pipedrive. Every workspace also
            comes with a Demo channel: play the customer and watch a message go through the whole pipeline.
          </p>
        </div>
        <InboxPreview />
      </div>
    </section>
  );
}
