import { InfiniteQueryObserver, QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { aConversation, aMessage } from "@/testing/fixtures";
import type { Conversation } from "@/types/api";
import type { ConversationPages, InboxEvent, MessagePages } from "../utils/live-events";
import { conversationKey } from "./get-conversation";
import { conversationListsKey } from "./get-conversations";
import { messagesKey } from "./get-messages";
import { cachedConversation, createInboxEventSink, EVENT_BATCH_MS } from "./inbox-events";

const ME = 7;
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00Z`;
const openList = [...conversationListsKey, { status: "open" }];
const mineList = [...conversationListsKey, { assignee_id: "me" }];

function conversation(id: number, minute: number, overrides: Partial<Conversation> = {}): Conversation {
  return aConversation({ id, last_message_at: at(minute), updated_at: at(minute), last_message: null, ...overrides });
}

function page(items: Conversation[]): ConversationPages {
  return { pages: [{ items, next_cursor: null }], pageParams: [null] };
}

let client: QueryClient;

beforeEach(() => {
  vi.useFakeTimers();
  client = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } });
});

afterEach(() => {
  client.clear();
  vi.useRealTimers();
});

const ids = (key: readonly unknown[]) => client.getQueryData<ConversationPages>(key)?.pages[0]?.items.map((c) => c.id);

describe("createInboxEventSink", () => {
  it("applies a burst of events together, to every cached list, thread and detail", () => {
    client.setQueryData(openList, page([conversation(2, 20), conversation(1, 10)]));
    client.setQueryData(mineList, page([]));
    client.setQueryData<MessagePages>(messagesKey(1), { pages: [{ items: [], next_cursor: null }], pageParams: [null] });
    client.setQueryData(conversationKey(1), conversation(1, 10));
    const applied = vi.fn();
    const sink = createInboxEventSink(client, ME, { onApplied: applied });
    const writes = vi.fn();
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "success") writes(event.query.queryKey);
    });

    const message = aMessage({ id: 500, conversation_id: 1, created_at: at(30), text: { body: "Hello again" } });
    const events: InboxEvent[] = [
      { id: 1, type: "message.created", occurred_at: at(30), message },
      { id: 2, type: "conversation.updated", occurred_at: at(30), conversation: conversation(1, 30, { unread_count: 1 }) },
      { id: 3, type: "conversation.updated", occurred_at: at(30), conversation: conversation(1, 30, { unread_count: 1, assignee_id: ME }) },
      { id: 4, type: "conversation.created", occurred_at: at(31), conversation: conversation(3, 31, { status: "pending" }) },
    ];
    for (const event of events) sink.push(event);
    expect(applied).not.toHaveBeenCalled();
    vi.advanceTimersByTime(EVENT_BATCH_MS);

    expect(ids(openList)).toEqual([1, 2]);
    expect(ids(mineList)).toEqual([1]);
    expect(client.getQueryData<MessagePages>(messagesKey(1))?.pages[0]?.items.map((m) => m.id)).toEqual([500]);
    expect(client.getQueryData<Conversation>(conversationKey(1))?.assignee_id).toBe(ME);
    // No detail is created for a conversation nobody opened.
    expect(client.getQueryData(conversationKey(3))).toBeUndefined();
    // One write per query, whatever the number of events.
    expect(writes).toHaveBeenCalledTimes(4);
    expect(applied).toHaveBeenCalledWith(events);
    unsubscribe();
  });

  it("refetches nothing for ordinary events, and the open queries once for a resync", async () => {
    const fetchList = vi.fn(() => Promise.resolve({ items: [conversation(9, 50)], next_cursor: null }));
    const observer = new InfiniteQueryObserver(client, {
      queryKey: openList,
      queryFn: fetchList,
      initialPageParam: null as string | null,
      getNextPageParam: () => null,
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchList).toHaveBeenCalledTimes(1);
    const sink = createInboxEventSink(client, ME);
    for (let id = 1; id <= 20; id += 1) {
      sink.push({ id, type: "conversation.updated", occurred_at: at(1), conversation: conversation(9, 51, { unread_count: id }) });
    }
    sink.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchList).toHaveBeenCalledTimes(1);
    expect(ids(openList)).toEqual([9]);

    sink.push({ type: "resync", reason: "too_many" });
    sink.push({ type: "resync", reason: "lagged" });
    sink.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchList).toHaveBeenCalledTimes(2);
    unsubscribe();
  });

  it("after a fresh (not resumed) connection, marks data fetched before it was requested as stale", () => {
    client.setQueryData(openList, page([]), { updatedAt: 500 });
    client.setQueryData(mineList, page([]), { updatedAt: 1_200 });
    const sink = createInboxEventSink(client, ME);
    sink.streamOpened(true, 1_000);
    expect(client.getQueryState(openList)?.isInvalidated).toBe(false);
    sink.streamOpened(false, 1_000);
    expect(client.getQueryState(openList)?.isInvalidated).toBe(true);
    // Fetched while the stream was connecting: it already saw what the stream did not.
    expect(client.getQueryState(mineList)?.isInvalidated).toBe(false);
  });

  it("finds a conversation's name in the detail or in any list", () => {
    client.setQueryData(openList, page([conversation(4, 1)]));
    expect(cachedConversation(client, 4)?.contact.display_name).toBe("Carla Customer");
    expect(cachedConversation(client, 5)).toBeUndefined();
  });
});
