import { blindIndex } from "../../infra/crypto/field-crypto";

/**
 * The keyed hash of the Meta app-scoped user id of the person who granted a channel's Page
 * token, kept in the channel's metadata (`grantedBy`) so Meta's deauthorize callback, which
 * names only that id, finds the channels it affects. The id itself is never stored.
 */
export const metaGrantHash = (appScopedUserId: string): string => blindIndex(`meta-user:${appScopedUserId}`);
