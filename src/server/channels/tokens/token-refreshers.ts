import type { Platform } from "@/generated/prisma/client";
import { xOAuthProvider } from "../x/x-oauth-provider";
import type { Refresh } from "./refresh-account-token";

/**
 * Platform -> its OAuth provider's refresh. Meta has none: a Page token obtained from a
 * long-lived user token does not expire (docs/platforms/meta.md). Demo channels have no token.
 */
const REFRESHERS: Partial<Record<Platform, Refresh>> = {
  X: (refreshToken) => {
    if (!xOAuthProvider.refresh) throw new Error("The X provider has no refresh");
    return xOAuthProvider.refresh(refreshToken);
  },
};

export function refresherFor(platform: Platform): Refresh | null {
  return REFRESHERS[platform] ?? null;
}
