import { ConversationView } from "@/components/inbox/conversation-view";

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  return <ConversationView key={conversationId} conversationId={conversationId} />;
}
