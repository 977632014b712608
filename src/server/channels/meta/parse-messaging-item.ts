import type { MetaEvent, MetaPlatform } from "./meta-event";
import type { MessagingItem } from "./webhook-schema";

type Skip = { skip: string };

/** What a message without text shows in the inbox ("[image]", "[audio, video]"). */
function attachmentLabel(types: string[] | undefined): string {
  return types && types.length > 0 ? `[${[...new Set(types)].join(", ")}]` : "";
}

/**
 * One `messaging[]` item -> its event. Echoes are told apart by `is_echo` (Messenger sends
 * them on `message_echoes`, Instagram on `messages`); Instagram marks deletions `is_deleted`.
 */
export function parseMessagingItem(platform: MetaPlatform, accountId: string, entryTime: number, item: MessagingItem): MetaEvent | Skip {
  const base = { platform, accountId, at: new Date(item.timestamp ?? entryTime) };
  const senderId = item.sender.id;
  const m = item.message;
  if (m?.is_echo) {
    return { ...base, type: "echo", mid: m.mid, recipientId: item.recipient.id, text: m.text ?? attachmentLabel(m.attachments?.map((a) => a.type)), appId: m.app_id, metadata: m.metadata };
  }
  if (senderId === accountId) return { skip: "message from the account itself without is_echo" };
  if (m?.is_deleted) return { ...base, type: "message-deleted", mid: m.mid, senderId };
  if (m) {
    if (m.is_unsupported) return { skip: "unsupported message type" };
    const text = m.text ?? attachmentLabel(m.attachments?.map((a) => a.type));
    if (!text) return { skip: "message without text or attachments" };
    return { ...base, type: "message", mid: m.mid, senderId, text };
  }
  if (item.postback) return { ...base, type: "postback", mid: item.postback.mid, senderId, title: item.postback.title, payload: item.postback.payload };
  if (item.message_edit) return { ...base, type: "message-edited", mid: item.message_edit.mid, senderId, text: item.message_edit.text };
  if (item.read) return { ...base, type: "read", senderId, watermark: item.read.watermark, readMid: item.read.mid };
  if (item.delivery) return { ...base, type: "delivery", senderId, mids: item.delivery.mids ?? [], watermark: item.delivery.watermark };
  return { skip: "messaging item of an unsupported kind" };
}
