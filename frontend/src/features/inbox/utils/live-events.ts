import type { InfiniteData } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import type { Conversation, ConversationPage, Message, MessagePage } from "@/types/api";
import type { ConversationListQuery } from "./filters";
import { storeMessage } from "./optimistic";

/**
 * Pure functions applying the events of `GET /events` to cached pages: each returns the
 * same object when nothing changed, so untouched queries do not re-render.
 */

type Schemas = components["schemas"];
export type MessageEvent = Schemas["MessageEvent"];
export type ConversationEvent = Schemas["ConversationEvent"];
export type ResyncEvent = Omit<Schemas["ResyncEvent"], "type"> & { type: "resync" };
/** One event of the stream (`InboxEvent` in the API), told apart by its `type`. */
export type InboxEvent = MessageEvent | ConversationEvent | ResyncEvent;
export type ConversationPages = InfiniteData<ConversationPage, string | null>;
export type MessagePages = InfiniteData<MessagePage, string | null>;

const EVENT_TYPES = new Set(["message.created", "message.updated", "conversation.created", "conversation.updated", "resync"]);

/** The event of an SSE frame, or null for a frame this client does not know. */
export function parseInboxEvent(type: string, data: string): InboxEvent | null {
  if (!EVENT_TYPES.has(type)) return null;
  try {
    const event: unknown = JSON.parse(data);
    return typeof event === "object" && event !== null && (event as { type?: unknown }).type === type
      ? (event as InboxEvent)
      : null;
  } catch {
    return null;
  }
}

/** Whether a conversation belongs in a list fetched with `query` (the server's filters). */
export function matchesListQuery(conversation: Conversation, query: ConversationListQuery, currentUserId: number): boolean {
  if (query.status !== undefined && conversation.status !== query.status) return false;
  if (query.account_id !== undefined && conversation.account_id !== query.account_id) return false;
  if (query.unread === true && conversation.unread_count === 0) return false;
  if (query.unread === false && conversation.unread_count > 0) return false;
  const assignee = conversation.assignee_id ?? null;
  if (query.assignee_id === "me" && assignee !== currentUserId) return false;
  if (query.assignee_id === "none" && assignee !== null) return false;
  if (query.assignee_id !== undefined && /^\d+$/.test(query.assignee_id) && assignee !== Number(query.assignee_id)) {
    return false;
  }
  return true;
}

function lastActivity(conversation: Conversation): number {
  return Date.parse(conversation.last_message_at ?? conversation.created_at);
}

/** The server's list order: most recent activity first, then the higher id. */
export function compareConversations(a: Conversation, b: Conversation): number {
  return lastActivity(b) - lastActivity(a) || b.id - a.id;
}

/** True when `incoming` is older than what the cache holds (a REST answer overtook the event). */
function isOutdated(cached: Conversation, incoming: Conversation): boolean {
  return Date.parse(cached.updated_at) > Date.parse(incoming.updated_at);
}

function findConversation(data: ConversationPages, id: number): Conversation | undefined {
  for (const page of data.pages) {
    const found = page.items.find((item) => item.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * A conversation's new state in one cached list: it leaves the list when it no longer
 * matches the list's filters, and otherwise takes its place by last activity (a new
 * message floats it to the top). A conversation that sorts after every loaded row while
 * more pages exist is left for the next page to bring.
 */
export function applyConversationToList(
  data: ConversationPages,
  conversation: Conversation,
  query: ConversationListQuery,
  currentUserId: number,
): ConversationPages {
  const cached = findConversation(data, conversation.id);
  if (cached && isOutdated(cached, conversation)) return data;
  const matches = matchesListQuery(conversation, query, currentUserId);
  if (cached && matches && compareConversations(cached, conversation) === 0) {
    // Same place in the order (read, assigned…): replaced where it is.
    return {
      ...data,
      pages: data.pages.map((page) =>
        page.items.includes(cached)
          ? { ...page, items: page.items.map((item) => (item === cached ? conversation : item)) }
          : page,
      ),
    };
  }
  const pages = cached
    ? data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== conversation.id) }))
    : data.pages;
  if (!matches) {
    return cached ? { ...data, pages } : data;
  }
  for (const [index, page] of pages.entries()) {
    const position = page.items.findIndex((item) => compareConversations(conversation, item) < 0);
    if (position !== -1) {
      const items = [...page.items.slice(0, position), conversation, ...page.items.slice(position)];
      return { ...data, pages: pages.with(index, { ...page, items }) };
    }
  }
  const last = pages.at(-1);
  if (last && (last.next_cursor ?? null) === null) {
    return { ...data, pages: pages.with(pages.length - 1, { ...last, items: [...last.items, conversation] }) };
  }
  return cached ? { ...data, pages } : data;
}

/** The conversation's detail, unless the cache already holds a newer state. */
export function applyConversationToDetail(cached: Conversation | undefined, conversation: Conversation): Conversation | undefined {
  if (cached === undefined) return undefined;
  return isOutdated(cached, conversation) ? cached : conversation;
}

/** A message's new state in its conversation's thread: replaced where loaded, else added. */
export function applyMessageToThread(data: MessagePages, message: Message): MessagePages {
  return { ...data, pages: storeMessage(data.pages, message) };
}

/** The list rows whose last message is `message` show its new state (ticks, edits). */
export function applyMessageToList(data: ConversationPages, message: Message): ConversationPages {
  const shows = (page: ConversationPage) => page.items.some((item) => item.last_message?.id === message.id);
  if (!data.pages.some(shows)) return data;
  const pages = data.pages.map((page) =>
    shows(page)
      ? {
          ...page,
          items: page.items.map((item) => (item.last_message?.id === message.id ? { ...item, last_message: message } : item)),
        }
      : page,
  );
  return { ...data, pages };
}

/** The customer messages that just arrived among a batch of events. */
export function newInboundMessages(events: readonly InboxEvent[]): Message[] {
  return events.flatMap((event) =>
    event.type === "message.created" && event.message.direction === "inbound" ? [event.message] : [],
  );
}
