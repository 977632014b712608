/**
 * Where to go after signing in: only ever a path on this site. Absolute URLs (next-auth passes
 * them) keep their path and lose their origin, so a crafted link cannot send users elsewhere.
 */
export function safeCallbackUrl(raw: string | string[] | null | undefined, fallback: string): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return fallback;
  try {
    const url = new URL(value, "http://leadline.invalid");
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
  } catch {
    return fallback;
  }
}

/** `/sign-in?callbackUrl=...` style links that bring the user back afterwards. */
export function withCallback(page: "/sign-in" | "/sign-up", callbackUrl: string | undefined): string {
  return callbackUrl ? `${page}?${new URLSearchParams({ callbackUrl })}` : page;
}
