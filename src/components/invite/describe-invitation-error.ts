import { readTrpcError } from "@/components/errors/read-trpc-error";

export type InvitationProblem = { title: string; message: string; wrongAccount: boolean };

const TITLES: Record<string, string> = {
  NOT_FOUND: "Invitation not found",
  CONFLICT: "Invitation already used",
  BAD_REQUEST: "Invitation can't be used",
  FORBIDDEN: "This invitation is for someone else",
  UNAUTHORIZED: "Sign in to accept",
};

/** The accept error as a heading plus the server's explanation (expired, revoked, used, wrong email). */
export function describeInvitationError(error: unknown): InvitationProblem {
  const readable = readTrpcError(error);
  return {
    title: (readable.code && TITLES[readable.code]) ?? "We couldn't accept the invitation",
    message: readable.message,
    wrongAccount: readable.code === "FORBIDDEN",
  };
}
