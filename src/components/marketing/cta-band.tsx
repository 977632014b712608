import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export function CtaBand() {
  return (
    <section className="mx-auto max-w-6xl px-6 py-20">
      <div className="rounded-2xl bg-brand-600 px-8 py-12 text-center shadow-lg">
        <h2 className="text-3xl font-bold tracking-tight text-white">Answer your next lead in seconds</h2>
        <p className="mx-auto mt-3 max-w-xl text-brand-100">Create a workspace, add what your customers ask about, and send your first message through the Demo channel.</p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <Link href="/sign-up" className={buttonClasses("secondary", "lg", "border-white")}>Get started</Link>
          <Link href="/sign-in" className="inline-flex items-center rounded-lg px-5 py-3 font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
            I already have an account
          </Link>
        </div>
      </div>
    </section>
  );
}
