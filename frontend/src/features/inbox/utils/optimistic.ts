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

/** How far the server's clock may be behind the browser's when matching a send to its message. */
const CLOCK_SKEW_MS = 60_000;

/** What tells two outgoing messages apart, as the agent composed them. */
function composed(message: Message): string {
  const template = (message.template as { name?: unknown } | null | undefined)?.name;
  return JSON.stringify([
    message.type,
    message.text?.body ?? null,
    message.media?.caption ?? null,
    message.context?.message_id ?? null,
    typeof template === "string" ? template : null,
  ]);
}

/**
 * Pending sends whose stored message is already in the thread: the event stream can bring
 * it before the request's own answer. Each loaded message stands for one send at most, and
 * answers already given (`sent`) are theirs, not a pending send's.
 */
function arrivedSends(newest: readonly Message[], sent: readonly Message[], pending: readonly PendingSend[]): Set<string> {
  const arrived = new Set<string>();
  if (pending.length === 0) return arrived;
  const answered = new Set(sent.map((message) => message.id));
  const candidates = newest.filter((message) => message.direction === "outbound" && message.id > 0 && !answered.has(message.id));
  const claimed = new Set<number>();
  for (const send of pending) {
    const shape = composed(placeholderMessage(send));
    const since = Date.parse(send.createdAt) - CLOCK_SKEW_MS;
    const match = candidates.find(
      (message) =>
        !claimed.has(message.id) &&
        message.conversation_id === send.conversationId &&
        Date.parse(message.created_at) >= since &&
        composed(message) === shape,
    );
    if (match) {
      claimed.add(match.id);
      arrived.add(send.idempotencyKey);
    }
  }
  return arrived;
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
  const arrived = arrivedSends(pages[0]?.items ?? [], sent, pending);
  const extra = [
    ...sent.filter((message) => !known.has(message.id) && (oldestShown === undefined || message.created_at >= oldestShown)),
    ...pending.filter((send) => !arrived.has(send.idempotencyKey)).map(placeholderMessage),
  ].sort(newestFirst);
  const [first, ...rest] = pages;
  return [{ items: [...extra, ...(first?.items ?? [])], next_cursor: first?.next_cursor ?? null }, ...rest];
}

/** Delivery progress: a message's ticks only move forward (a retry starts again from `failed`). */
const PROGRESS: Partial<Record<Message["status"], number>> = { pending: 0, sent: 1, delivered: 2, read: 3, played: 4 };

/** Whether `incoming` is an older state of `cached` (a late answer after a newer event). */
function isBehind(cached: Message, incoming: Message): boolean {
  const before = PROGRESS[cached.status];
  const after = PROGRESS[incoming.status];
  return before !== undefined && after !== undefined && after < before;
}

/**
 * Puts a stored message into the pages: replaces it where it is (unless the pages already
 * hold a later state of it), else adds it on top.
 */
export function storeMessage(pages: readonly MessagePage[], message: Message): MessagePage[] {
  if (loadedIds(pages).has(message.id)) {
    return pages.map((page) => ({
      ...page,
      items: page.items.map((item) => (item.id === message.id && !isBehind(item, message) ? message : item)),
    }));
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
