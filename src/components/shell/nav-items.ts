/** The app's main navigation. `adminOnly` only hides a link; the server refuses non-admins anyway. */
export type NavItem = { href: string; label: string; adminOnly?: boolean };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/inbox", label: "Inbox" },
  { href: "/leads", label: "Leads" },
  { href: "/analytics", label: "Analytics" },
  { href: "/demo", label: "Demo" },
  { href: "/settings/knowledge", label: "Knowledge" },
  { href: "/settings/saved-replies", label: "Saved replies" },
  { href: "/settings", label: "Settings" },
  { href: "/settings/channels", label: "Channels" },
  { href: "/settings/crm", label: "CRM" },
  { href: "/settings/team", label: "Team" },
  { href: "/audit", label: "Audit log", adminOnly: true },
  { href: "/account", label: "Your account" },
];

/** The item for the current path: the longest href that is the path or a parent of it. */
export function activeHref(pathname: string): string | undefined {
  return NAV_ITEMS.map((item) => item.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
}
