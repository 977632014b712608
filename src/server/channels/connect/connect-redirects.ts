import { env } from "../../infra/env/load-env";
import { AppError } from "../../infra/errors/app-error";
import { isOAuthProviderId, type OAuthProviderId } from "../oauth-providers";
import { ConnectError } from "./connect-error";

/** The Channels settings page the OAuth routes come back to. */
const CHANNELS_PAGE = "/settings/channels";

export function providerFromParam(value: string): OAuthProviderId {
  if (!isOAuthProviderId(value)) throw new AppError("NOT_FOUND", "Unknown provider.");
  return value;
}

/** 302 to the Channels page with `?connect=<flowId>` or `?error=<code>`; never cached. */
export function channelsPageRedirect(query: { connect: string } | { error: string }): Response {
  const url = new URL(CHANNELS_PAGE, env().APP_URL);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return redirectTo(url.toString());
}

export function redirectTo(location: string): Response {
  return new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });
}

/** A ConnectError becomes the page's `?error=`; anything else goes on to the route's error answer. */
export function connectErrorRedirect(error: unknown): Response {
  if (error instanceof ConnectError) return channelsPageRedirect({ error: error.connectError });
  throw error;
}
