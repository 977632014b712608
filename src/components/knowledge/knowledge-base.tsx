"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { ArticleCard } from "./article-card";
import { ArticleForm } from "./article-form";
import { TestBotBox } from "./test-bot-box";

/** The knowledge articles replies draw on: editable by admins, readable by everyone. */
export function KnowledgeBase() {
  const trpc = useTRPC();
  const { role } = useActiveWorkspace();
  const canEdit = role === "ADMIN";
  const [creating, setCreating] = useState(false);
  const articles = useQuery(trpc.knowledge.list.queryOptions());

  const newButton = canEdit && !creating ? <Button onClick={() => setCreating(true)}>New article</Button> : null;

  return (
    <div className="space-y-6">
      {canEdit ? null : <ReadOnlyNotice role={role}>Only admins can add or change knowledge articles.</ReadOnlyNotice>}
      {creating ? (
        <Card title="New article">
          <ArticleForm onDone={() => setCreating(false)} />
        </Card>
      ) : null}
      {articles.isPending ? (
        <LoadingPanel label="Loading articles" />
      ) : articles.isError ? (
        <ErrorPanel title="We couldn't load the knowledge base" error={articles.error} onRetry={() => void articles.refetch()} retrying={articles.isFetching} />
      ) : articles.data.length === 0 ? (
        <EmptyState
          title="No articles yet"
          description={canEdit ? "Add what customers ask about most (pricing, shipping, returns) so replies can answer with facts." : "Your admins haven't added any articles yet."}
          action={newButton}
        />
      ) : (
        <>
          {newButton ? <div className="flex justify-end">{newButton}</div> : null}
          <ul className="space-y-4">
            {articles.data.map((a) => (
              <ArticleCard key={a.id} article={a} canEdit={canEdit} />
            ))}
          </ul>
        </>
      )}
      {role === "VIEWER" ? null : <TestBotBox />}
    </div>
  );
}
