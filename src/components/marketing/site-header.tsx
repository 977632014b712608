import Link from "next/link";
import { Logo } from "@/components/brand/logo";
import { buttonClasses } from "@/components/ui/button";

/** Marketing header: sign-in and sign-up, or straight into the app when signed in. */
export function SiteHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <header className="sticky top-0 z-10 border-b border-slate-200/70 bg-white/85 backdrop-blur">
      <div className="mx-auto flex max-w-6xl items-center justify-between px-6 py-4">
        <Logo />
        <nav aria-label="Account" className="flex items-center gap-2">
          {signedIn ? (
            <Link href="/inbox" className={buttonClasses("primary")}>Open your inbox</Link>
          ) : (
            <>
              <Link href="/sign-in" className={buttonClasses("ghost")}>Sign in</Link>
              <Link href="/sign-up" className={buttonClasses("primary")}>Start free</Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
