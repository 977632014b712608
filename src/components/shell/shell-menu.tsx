"use client";

import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";

/**
 * The workspace switcher, role and sign-out: always shown in the desktop sidebar, folded behind
 * a "Workspace" button on small screens so the page starts near the top of a phone.
 */
export function ShellMenu({ children }: { children: ReactNode }) {
  // Open on the page it was opened on: following a link closes it.
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="shell-menu"
        onClick={() => setOpenOn(open ? null : pathname)}
        className="rounded-lg px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 lg:hidden"
      >
        Workspace
      </button>
      <div id="shell-menu" className={`${open ? "block" : "hidden"} w-full lg:block`}>
        {children}
      </div>
    </>
  );
}
