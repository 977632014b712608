"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";

/** Creates a workspace (the server makes it the active one) and opens its inbox. */
export function CreateWorkspaceForm({ primary }: { primary: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.workspace.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.resetQueries();
        router.replace("/inbox");
      },
    }),
  );
  const failure = create.error ? readTrpcError(create.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {failure && !failure.fieldErrors.name ? <Notice tone="error">{failure.message}</Notice> : null}
      <TextField
        label="Workspace name"
        name="workspaceName"
        placeholder="Acme Outdoor Co."
        hint="Usually your company or brand. You can change it later in settings."
        required
        minLength={2}
        maxLength={80}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={failure ? firstFieldError(failure.fieldErrors, "name") : undefined}
      />
      <Button type="submit" variant={primary ? "primary" : "secondary"} className="w-full" pending={create.isPending || create.isSuccess}>
        Create workspace
      </Button>
    </form>
  );
}
