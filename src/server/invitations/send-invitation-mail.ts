import type { Role } from "@/generated/prisma/client";
import { withTenant } from "../infra/db/tenant";
import { logger } from "../infra/logger";
import { mailer } from "../infra/mail/mailer";

const ROLE_WORDS: Record<Role, string> = { ADMIN: "an admin", AGENT: "an agent", VIEWER: "a viewer" };

/**
 * Mails the invitation's accept link to the invited address through the mail port, after the
 * invitation is committed. A failure is not thrown: the invitation stands and its link is shown to
 * copy, and the answer says the mail did not go. The log names the invitation's id only, never
 * the address or the link (the link is the token).
 */
export async function sendInvitationMail(workspaceId: string, to: string, invitation: { id: string; role: Role; expiresAt: Date; link: string }): Promise<"sent" | "not-sent"> {
  try {
    const workspace = await withTenant({ workspaceId }, (tx) => tx.workspace.findUnique({ where: { id: workspaceId }, select: { name: true } }));
    const name = workspace?.name ?? "a workspace";
    const text = [
      "Hello,",
      "",
      `You have been invited to join ${name} on Leadline as ${ROLE_WORDS[invitation.role]}. Accept the invitation here:`,
      invitation.link,
      "",
      `The link works once, until ${invitation.expiresAt.toUTCString()}. If you did not expect this invitation, ignore this email.`,
    ].join("\n");
    await mailer().send({ to, subject: `You're invited to ${name} on Leadline`, text });
    return "sent";
  } catch (error) {
    logger.warn({ workspaceId, invitationId: invitation.id, err: { type: error instanceof Error ? error.name : "unknown" } }, "invitation mail not sent; the link is shown to copy");
    return "not-sent";
  }
}
