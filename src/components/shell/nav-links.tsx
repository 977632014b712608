"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { activeHref, NAV_ITEMS } from "./nav-items";

export function NavLinks({ isAdmin }: { isAdmin: boolean }) {
  const current = activeHref(usePathname());
  return (
    <nav aria-label="Main">
      <ul className="flex gap-1 overflow-x-auto lg:flex-col lg:overflow-visible">
        {NAV_ITEMS.filter((item) => isAdmin || !item.adminOnly).map((item) => {
          const active = item.href === current;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${
                  active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
