import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/brand/logo";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found · Leadline" };

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <Logo />
      <p className="mt-10 text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900">We couldn’t find that page</h1>
      <p className="mt-3 max-w-md text-slate-600">The link may be out of date, or the page may have moved.</p>
      <div className="mt-8 flex gap-3">
        <Link href="/inbox" className={buttonClasses("primary")}>Go to your inbox</Link>
        <Link href="/" className={buttonClasses("secondary")}>Home page</Link>
      </div>
    </main>
  );
}
