"use client";

import { useQuery } from "@tanstack/react-query";
import { getProviders, signIn } from "next-auth/react";
import { buttonClasses } from "@/components/ui/button";

/** "Continue with <IdP>" when the OpenID Connect provider is configured on the server. */
export function SsoButton({ callbackUrl }: { callbackUrl: string }) {
  const providers = useQuery({ queryKey: ["next-auth", "providers"], queryFn: getProviders, staleTime: Infinity, retry: false });
  const oidc = providers.data?.oidc;
  if (!oidc) return null;
  return (
    <>
      <div className="my-6 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <button type="button" className={buttonClasses("secondary", "md", "w-full")} onClick={() => void signIn("oidc", { callbackUrl })}>
        Continue with {oidc.name}
      </button>
    </>
  );
}
