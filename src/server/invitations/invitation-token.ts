import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../infra/errors/app-error";

/** An invitation link carries `<workspaceId>.<secret>`; only a hash of the secret is stored. */
export function newInvitationToken(workspaceId: string): { token: string; tokenHash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { token: `${workspaceId}.${secret}`, tokenHash: hashSecret(secret) };
}

export function parseInvitationToken(token: string): { workspaceId: string; tokenHash: string } {
  const match = /^(ws_[a-z0-9_]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!match?.[1] || !match[2]) throw new AppError("BAD_REQUEST", "This invitation link is malformed. Ask your admin for a new one.");
  return { workspaceId: match[1], tokenHash: hashSecret(match[2]) };
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}
