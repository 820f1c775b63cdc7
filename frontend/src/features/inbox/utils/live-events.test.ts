import { describe, expect, it } from "vitest";
import { aConversation, aMessage } from "@/testing/fixtures";
import type { Conversation, Message } from "@/types/api";
import {
  applyConversationToDetail,
  applyConversationToList,
  applyMessageToList,
  applyMessageToThread,
  matchesListQuery,
  newInboundMessages,
  parseInboxEvent,
  type ConversationPages,
  type InboxEvent,
  type MessagePages,
} from "./live-events";
import { withOutgoing, type PendingSend } from "./optimistic";

const ME = 7;
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00Z`;

/** A conversation whose last activity was at minute `minute`. */
function conversation(id: number, minute: number, overrides: Partial<Conversation> = {}): Conversation {
  return aConversation({
    id,
    last_message_at: at(minute),
    updated_at: at(minute),
    last_message: aMessage({ id: id * 100, conversation_id: id, created_at: at(minute) }),
    ...overrides,
  });
}

function lists(...pages: { items: Conversation[]; next_cursor?: string | null }[]): ConversationPages {
  return { pages: pages.map((page) => ({ next_cursor: null, ...page })), pageParams: pages.map(() => null) };
}

const ids = (data: ConversationPages) => data.pages.map((page) => page.items.map((item) => item.id));

function thread(...pages: Message[][]): MessagePages {
  return { pages: pages.map((items, index) => ({ items, next_cursor: index < pages.length - 1 ? `c${String(index)}` : null })), pageParams: pages.map(() => null) };
}

describe("parseInboxEvent", () => {
  it("reads each event type and ignores unknown or malformed frames", () => {
    const message = { id: 5, type: "message.created", occurred_at: at(1), message: aMessage() };
    expect(parseInboxEvent("message.created", JSON.stringify(message))).toEqual(message);
    const updated = { ...message, type: "message.updated" };
    expect(parseInboxEvent("message.updated", JSON.stringify(updated))).toEqual(updated);
    const created = { id: 6, type: "conversation.created", occurred_at: at(1), conversation: aConversation() };
    expect(parseInboxEvent("conversation.created", JSON.stringify(created))).toEqual(created);
    expect(parseInboxEvent("conversation.updated", JSON.stringify({ ...created, type: "conversation.updated" }))).not.toBeNull();
    expect(parseInboxEvent("resync", '{"type":"resync","reason":"expired"}')).toEqual({ type: "resync", reason: "expired" });
    expect(parseInboxEvent("typing", "{}")).toBeNull();
    expect(parseInboxEvent("message.created", "{not json")).toBeNull();
    expect(parseInboxEvent("message.created", JSON.stringify(updated))).toBeNull();
  });
});

describe("matchesListQuery", () => {
  const c = conversation(1, 0, { status: "pending", assignee_id: ME, account_id: 2, unread_count: 1 });
  it("applies the server's filters", () => {
    expect(matchesListQuery(c, {}, ME)).toBe(true);
    expect(matchesListQuery(c, { status: "pending" }, ME)).toBe(true);
    expect(matchesListQuery(c, { status: "open" }, ME)).toBe(false);
    expect(matchesListQuery(c, { assignee_id: "me" }, ME)).toBe(true);
    expect(matchesListQuery(c, { assignee_id: "me" }, ME + 1)).toBe(false);
    expect(matchesListQuery(c, { assignee_id: "none" }, ME)).toBe(false);
    expect(matchesListQuery({ ...c, assignee_id: null }, { assignee_id: "none" }, ME)).toBe(true);
    expect(matchesListQuery(c, { assignee_id: String(ME) }, 99)).toBe(true);
    expect(matchesListQuery(c, { assignee_id: "8" }, ME)).toBe(false);
    expect(matchesListQuery(c, { account_id: 2 }, ME)).toBe(true);
    expect(matchesListQuery(c, { account_id: 3 }, ME)).toBe(false);
    expect(matchesListQuery(c, { unread: true }, ME)).toBe(true);
    expect(matchesListQuery(c, { unread: false }, ME)).toBe(false);
    expect(matchesListQuery({ ...c, unread_count: 0 }, { unread: true }, ME)).toBe(false);
  });
});

describe("applyConversationToList", () => {
  const data = lists({ items: [conversation(3, 30), conversation(2, 20)], next_cursor: "p2" }, { items: [conversation(1, 10)] });

  it("floats a conversation with a new message to the top", () => {
    const next = applyConversationToList(data, conversation(1, 40, { unread_count: 2 }), { status: "open" }, ME);
    expect(ids(next)).toEqual([[1, 3, 2], []]);
    expect(next.pages[0]?.items[0]?.unread_count).toBe(2);
  });

  it("adds a new conversation at its place, and replaces a changed one where it is", () => {
    expect(ids(applyConversationToList(data, conversation(9, 25), {}, ME))).toEqual([[3, 9, 2], [1]]);
    const read = applyConversationToList(data, conversation(2, 20, { unread_count: 0, updated_at: at(50) }), {}, ME);
    expect(ids(read)).toEqual([[3, 2], [1]]);
    expect(read.pages[0]?.items[1]?.updated_at).toBe(at(50));
  });

  it("takes a conversation out of lists it no longer matches, and into those it now matches", () => {
    const resolved = conversation(2, 20, { status: "resolved", updated_at: at(51) });
    expect(ids(applyConversationToList(data, resolved, { status: "open" }, ME))).toEqual([[3], [1]]);
    const resolvedList = lists({ items: [conversation(5, 5, { status: "resolved" })] });
    expect(ids(applyConversationToList(resolvedList, resolved, { status: "resolved" }, ME))).toEqual([[2, 5]]);
    const mine = lists({ items: [] });
    expect(ids(applyConversationToList(mine, conversation(4, 1, { assignee_id: ME }), { assignee_id: "me" }, ME))).toEqual([[4]]);
    expect(ids(applyConversationToList(mine, conversation(4, 1, { assignee_id: 8 }), { assignee_id: "me" }, ME))).toEqual([[]]);
  });

  it("leaves a conversation older than every loaded row to the next page", () => {
    const partial = lists({ items: [conversation(3, 30), conversation(2, 20)], next_cursor: "p2" });
    expect(applyConversationToList(partial, conversation(1, 10), {}, ME)).toBe(partial);
    // Without more pages it belongs at the end.
    const whole = lists({ items: [conversation(3, 30)] });
    expect(ids(applyConversationToList(whole, conversation(1, 10), {}, ME))).toEqual([[3, 1]]);
  });

  it("orders equal activity by id, as the server does", () => {
    const same = lists({ items: [conversation(3, 30), conversation(1, 30)] });
    expect(ids(applyConversationToList(same, conversation(2, 30), {}, ME))).toEqual([[3, 2, 1]]);
  });

  it("ignores a state older than the cached one, and returns the same data when nothing matches", () => {
    const fresh = lists({ items: [conversation(2, 20, { updated_at: at(59), unread_count: 0 })] });
    expect(applyConversationToList(fresh, conversation(2, 20, { unread_count: 1 }), {}, ME)).toBe(fresh);
    expect(applyConversationToList(fresh, conversation(8, 40, { status: "resolved" }), { status: "open" }, ME)).toBe(fresh);
  });
});

describe("applyConversationToDetail", () => {
  it("updates a cached detail unless it is newer, and creates none", () => {
    const cached = conversation(1, 10, { updated_at: at(20) });
    expect(applyConversationToDetail(undefined, conversation(1, 30))).toBeUndefined();
    expect(applyConversationToDetail(cached, conversation(1, 30, { updated_at: at(30) }))?.updated_at).toBe(at(30));
    expect(applyConversationToDetail(cached, conversation(1, 10, { updated_at: at(15) }))).toBe(cached);
  });
});

describe("applyMessageToThread", () => {
  const older = aMessage({ id: 1, created_at: at(1) });
  const newer = aMessage({ id: 2, created_at: at(2) });

  it("appends a new message as the newest (pages are newest first)", () => {
    const next = applyMessageToThread(thread([newer, older]), aMessage({ id: 3, created_at: at(3), text: { body: "New" } }));
    expect(next.pages[0]?.items.map((m) => m.id)).toEqual([3, 2, 1]);
  });

  it("replaces an updated message by id, wherever it is loaded", () => {
    const reply = aMessage({ id: 1, direction: "outbound", status: "sent", created_at: at(1) });
    const data = thread([newer], [reply]);
    const next = applyMessageToThread(data, { ...reply, status: "delivered" });
    expect(next.pages.map((page) => page.items.map((m) => [m.id, m.status]))).toEqual([[[2, "received"]], [[1, "delivered"]]]);
  });

  it("does not move ticks backwards when a late answer follows a newer event", () => {
    const read = aMessage({ id: 4, direction: "outbound", status: "read", created_at: at(4) });
    const next = applyMessageToThread(thread([read]), { ...read, status: "pending" });
    expect(next.pages[0]?.items[0]?.status).toBe("read");
    // A retry starts again from failed: that is not going backwards.
    const failed = { ...read, status: "failed" as const };
    expect(applyMessageToThread(thread([failed]), { ...read, status: "pending" }).pages[0]?.items[0]?.status).toBe("pending");
  });

  it("applied twice, a message is still there once", () => {
    const message = aMessage({ id: 3, created_at: at(3) });
    const once = applyMessageToThread(thread([newer]), message);
    expect(applyMessageToThread(once, message).pages[0]?.items.map((m) => m.id)).toEqual([3, 2]);
  });
});

describe("de-duplication against a send on its way", () => {
  const send: PendingSend = {
    conversationId: 1,
    message: { type: "text", text: { body: "On my way" } },
    idempotencyKey: "key-1",
    createdAt: at(5),
  };
  const stored = aMessage({
    id: 50,
    direction: "outbound",
    status: "pending",
    text: { body: "On my way" },
    created_at: at(5),
  });

  it("the placeholder gives way when the stream brings the stored message first", () => {
    const before = withOutgoing(thread([]).pages, [], [send]);
    expect(before[0]?.items.map((m) => m.id)).toHaveLength(1);
    const pages = applyMessageToThread(thread([]), stored).pages;
    expect(withOutgoing(pages, [], [send])[0]?.items.map((m) => m.id)).toEqual([50]);
    // Then the request's answer arrives: still once.
    expect(withOutgoing(pages, [stored], [])[0]?.items.map((m) => m.id)).toEqual([50]);
  });

  it("one stored message stands for one send only, and older look-alikes do not count", () => {
    const second = { ...send, idempotencyKey: "key-2" };
    const pages = thread([stored]).pages;
    expect(withOutgoing(pages, [], [send, second])[0]?.items.filter((m) => m.id < 0)).toHaveLength(1);
    const lastWeek = { ...stored, id: 49, created_at: "2026-02-20T10:00:00Z" };
    expect(withOutgoing(thread([lastWeek]).pages, [], [send])[0]?.items.filter((m) => m.id < 0)).toHaveLength(1);
    const other = { ...stored, text: { body: "Something else" } };
    expect(withOutgoing(thread([other]).pages, [], [send])[0]?.items.filter((m) => m.id < 0)).toHaveLength(1);
  });
});

describe("applyMessageToList", () => {
  it("shows the new ticks of a row's last message and leaves other rows alone", () => {
    const data = lists({ items: [conversation(1, 10), conversation(2, 5)] });
    const last = { ...aMessage({ id: 100, conversation_id: 1 }), status: "read" as const };
    const next = applyMessageToList(data, last);
    expect(next.pages[0]?.items[0]?.last_message?.status).toBe("read");
    expect(next.pages[0]?.items[1]).toBe(data.pages[0]?.items[1]);
    expect(applyMessageToList(data, aMessage({ id: 999 }))).toBe(data);
  });
});

describe("newInboundMessages", () => {
  it("counts created inbound messages only", () => {
    const events: InboxEvent[] = [
      { id: 1, type: "message.created", occurred_at: at(1), message: aMessage({ id: 1 }) },
      { id: 2, type: "message.updated", occurred_at: at(1), message: aMessage({ id: 1 }) },
      { id: 3, type: "message.created", occurred_at: at(1), message: aMessage({ id: 2, direction: "outbound" }) },
      { id: 4, type: "conversation.updated", occurred_at: at(1), conversation: aConversation() },
      { type: "resync", reason: "lagged" },
    ];
    expect(newInboundMessages(events).map((m) => m.id)).toEqual([1]);
  });
});
