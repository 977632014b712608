import Link from "next/link";
import { Button } from "@/components/ui/button";
import { readTrpcError } from "./read-trpc-error";

type Props = {
  title?: string;
  /** A tRPC error (or anything thrown); its message is shown when it is safe to show. */
  error?: unknown;
  onRetry?: () => void;
  retrying?: boolean;
};

/** A friendly failure panel with a retry button, used wherever data fails to load. */
export function ErrorPanel({ title = "We couldn't load this", error, onRetry, retrying = false }: Props) {
  const readable = readTrpcError(error);
  const signedOut = readable.code === "UNAUTHORIZED";
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-white px-6 py-10 text-center shadow-sm">
      <p className="text-base font-semibold text-slate-900">{signedOut ? "Your session has ended" : title}</p>
      <p className="mx-auto mt-1 max-w-md text-sm text-slate-600">{readable.message}</p>
      <div className="mt-5 flex justify-center gap-3">
        {signedOut ? (
          <Link href="/sign-in" className="text-sm font-medium text-brand-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
            Sign in again
          </Link>
        ) : onRetry ? (
          <Button variant="secondary" onClick={onRetry} pending={retrying}>
            Try again
          </Button>
        ) : null}
      </div>
    </div>
  );
}
