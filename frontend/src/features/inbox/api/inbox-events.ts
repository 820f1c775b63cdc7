import type { QueryClient } from "@tanstack/react-query";
import type { Conversation, Message } from "@/types/api";
import type { ConversationListQuery } from "../utils/filters";
import {
  applyConversationToDetail,
  applyConversationToList,
  applyMessageToList,
  applyMessageToThread,
  type ConversationPages,
  type InboxEvent,
  type MessagePages,
} from "../utils/live-events";
import { conversationKey, findInLists } from "./get-conversation";
import { conversationListsKey } from "./get-conversations";
import { messagesKey } from "./get-messages";

/** Events arriving within this time are applied together: one cache write per query. */
export const EVENT_BATCH_MS = 50;

export interface InboxEventSink {
  push: (event: InboxEvent) => void;
  /** Applies what is queued now (tests; the timer does it otherwise). */
  flush: () => void;
  /**
   * The stream (re)connected. Without a replay (`resumed` false) changes made before it are
   * unknown, so conversation data fetched before the stream was requested (`since`, epoch
   * ms) is refetched, once. Data fetched meanwhile (the first page load) is kept.
   */
  streamOpened: (resumed: boolean, since: number) => void;
  dispose: () => void;
}

export interface InboxEventSinkOptions {
  /** After a batch was applied to the caches (notifications read names from them). */
  onApplied?: (events: readonly InboxEvent[]) => void;
  batchMs?: number;
}

/** Lists, threads and details of conversations: all share this prefix. */
const conversationsKey = ["conversations"] as const;

function listQueryOf(queryKey: readonly unknown[]): ConversationListQuery {
  const query = queryKey[conversationListsKey.length];
  return typeof query === "object" && query !== null ? query : {};
}

/**
 * Applies the inbox's live events to the TanStack Query caches. Nothing is refetched per
 * event: the events carry the current state. Only `resync` (events were lost) refetches
 * the open lists and threads, once per batch.
 */
export function createInboxEventSink(client: QueryClient, currentUserId: number, options: InboxEventSinkOptions = {}): InboxEventSink {
  const { onApplied, batchMs = EVENT_BATCH_MS } = options;
  let queue: InboxEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const events = queue;
    queue = [];
    if (events.length === 0) return;
    let resync = false;
    // Every event carries the latest state: per thing, the last event is all that matters.
    const conversations = new Map<number, Conversation>();
    const messages = new Map<number, Message>();
    for (const event of events) {
      if (event.type === "resync") resync = true;
      else if ("conversation" in event) conversations.set(event.conversation.id, event.conversation);
      else messages.set(event.message.id, event.message);
    }

    const threads = new Map<number, Message[]>();
    for (const message of messages.values()) {
      threads.set(message.conversation_id, [...(threads.get(message.conversation_id) ?? []), message]);
    }
    for (const [conversationId, changed] of threads) {
      client.setQueryData<MessagePages>(messagesKey(conversationId), (data) =>
        data ? changed.reduce(applyMessageToThread, data) : data,
      );
    }
    for (const query of client.getQueryCache().findAll({ queryKey: conversationListsKey })) {
      const filters = listQueryOf(query.queryKey);
      client.setQueryData<ConversationPages>(query.queryKey, (data) => {
        if (!data) return data;
        let next = data;
        for (const conversation of conversations.values()) {
          next = applyConversationToList(next, conversation, filters, currentUserId);
        }
        for (const message of messages.values()) next = applyMessageToList(next, message);
        return next;
      });
    }
    for (const conversation of conversations.values()) {
      client.setQueryData<Conversation>(conversationKey(conversation.id), (cached) =>
        applyConversationToDetail(cached, conversation),
      );
    }
    if (resync) void client.invalidateQueries({ queryKey: conversationsKey });
    onApplied?.(events);
  };

  return {
    push(event) {
      queue.push(event);
      timer ??= setTimeout(flush, batchMs);
    },
    flush,
    streamOpened(resumed, since) {
      if (resumed) return;
      void client.invalidateQueries({
        queryKey: conversationsKey,
        predicate: (query) => query.state.dataUpdatedAt > 0 && query.state.dataUpdatedAt < since,
      });
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      queue = [];
    },
  };
}

/** The conversation as the caches know it (for a notification's title). */
export function cachedConversation(client: QueryClient, id: number): Conversation | undefined {
  return client.getQueryData<Conversation>(conversationKey(id)) ?? findInLists(client, id);
}
