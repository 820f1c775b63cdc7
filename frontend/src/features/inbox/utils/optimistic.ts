import type { components } from "@/lib/api/schema";
import type { Message, MessageMedia, MessagePage } from "@/types/api";

export type OutgoingMessage = components["schemas"]["SendMessage"];

/** What the thread needs to draw a message that is still on its way to the server. */
export interface PendingSend {
  conversationId: number;
  message: OutgoingMessage;
  /** One per compose action: a retried request is recognised and not sent twice. */
  idempotencyKey: string;
  /** When the agent pressed Send (ISO). */
  createdAt: string;
  /** Known details of an attached file, to draw it before the server answers. */
  media?: Pick<MessageMedia, "id" | "mime_type" | "filename" | "size_bytes">;
}

/** A stable negative id per pending send, so placeholders never collide with stored ids. */
export function placeholderId(idempotencyKey: string): number {
  let hash = 0;
  for (let i = 0; i < idempotencyKey.length; i += 1) hash = (hash * 31 + idempotencyKey.charCodeAt(i)) | 0;
  return -Math.abs(hash || 1);
}

const MEDIA_KINDS = ["image", "video", "audio", "document", "sticker"] as const;

function isMediaKind(type: OutgoingMessage["type"]): type is (typeof MEDIA_KINDS)[number] {
  return (MEDIA_KINDS as readonly string[]).includes(type);
}

/** The message as it will look once stored: outbound, `pending`, sent by the agent. */
export function placeholderMessage(send: PendingSend): Message {
  const { message } = send;
  const media = isMediaKind(message.type) ? message[message.type] : null;
  return {
    id: placeholderId(send.idempotencyKey),
    conversation_id: send.conversationId,
    direction: "outbound",
    type: message.type,
    text: message.type === "text" && message.text ? { body: message.text.body } : null,
    template: message.type === "template" ? (message.template ?? null) : null,
    media: media
      ? {
          id: send.media?.id ?? media.media_id ?? null,
          status: "stored",
          voice: false,
          animated: false,
          mime_type: send.media?.mime_type ?? null,
          filename: media.filename ?? send.media?.filename ?? null,
          size_bytes: send.media?.size_bytes ?? null,
          caption: media.caption ?? null,
        }
      : null,
    context:
      message.reply_to_message_id != null
        ? { message_id: message.reply_to_message_id, forwarded: false, frequently_forwarded: false }
        : null,
    status: "pending",
    reactions: [],
    edited: false,
    deleted: false,
    timestamp: send.createdAt,
    created_at: send.createdAt,
  };
}

function loadedIds(pages: readonly MessagePage[]): Set<number> {
  return new Set(pages.flatMap((page) => page.items.map((item) => item.id)));
}

/**
 * The loaded pages with what the agent just sent on top: answers the server already gave
 * (`sent`, until a refetch brings them) and placeholders of requests still on their way.
 * Pages are newest first, so both go to the front of the first page.
 */
export function withOutgoing(
  pages: readonly MessagePage[],
  sent: readonly Message[],
  pending: readonly PendingSend[],
): MessagePage[] {
  if (sent.length === 0 && pending.length === 0) return [...pages];
  const known = loadedIds(pages);
  // An answer older than the first page is in a page not loaded (or gone): not drawn on top.
  const oldestShown = pages[0]?.next_cursor != null ? pages[0].items.at(-1)?.created_at : undefined;
  const newestFirst = (a: Message, b: Message) => b.created_at.localeCompare(a.created_at) || b.id - a.id;
  const extra = [
    ...sent.filter((message) => !known.has(message.id) && (oldestShown === undefined || message.created_at >= oldestShown)),
    ...pending.map(placeholderMessage),
  ].sort(newestFirst);
  const [first, ...rest] = pages;
  return [{ items: [...extra, ...(first?.items ?? [])], next_cursor: first?.next_cursor ?? null }, ...rest];
}

/** Puts a stored message into the pages: replaces it where it is, else adds it on top. */
export function storeMessage(pages: readonly MessagePage[], message: Message): MessagePage[] {
  if (loadedIds(pages).has(message.id)) {
    return pages.map((page) => ({ ...page, items: page.items.map((item) => (item.id === message.id ? message : item)) }));
  }
  return withOutgoing(pages, [message], []);
}

/** Sets (or, with an empty emoji, removes) the business's reaction on a loaded message. */
export function applyBusinessReaction(pages: readonly MessagePage[], messageId: number, emoji: string, at: string): MessagePage[] {
  return pages.map((page) => ({
    ...page,
    items: page.items.map((item) => {
      if (item.id !== messageId) return item;
      const others = item.reactions.filter((reaction) => reaction.reactor !== BUSINESS_REACTOR);
      return {
        ...item,
        reactions: emoji === "" ? others : [...others, { emoji, reactor: BUSINESS_REACTOR, reacted_at: at }],
      };
    }),
  }));
}

/** How the server names reactions the business sent. */
export const BUSINESS_REACTOR = "business";

/** The business's current reaction on a message, if any. */
export function businessReaction(message: Message): string | null {
  return message.reactions.find((reaction) => reaction.reactor === BUSINESS_REACTOR)?.emoji ?? null;
}
