import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeEventStream } from "@/testing/event-stream";
import { aConversation, aMessage, aUser } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { mockFetch, requestedUrls } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

const ana = aUser({ id: 7, name: "Ana Agent" });
const LATER = "2026-11-26T09:00:00Z";

function requestsTo(fetch: ReturnType<typeof mockFetch>, path: string) {
  return requestedUrls(fetch).filter((url) => new URL(url).pathname === path);
}

function setVisibility(state: DocumentVisibilityState) {
  vi.spyOn(document, "visibilityState", "get").mockReturnValue(state);
  document.dispatchEvent(new Event("visibilitychange"));
}

/** A Notification API whose permission the test decides. */
function stubNotifications(permission: NotificationPermission, answer: NotificationPermission = "granted") {
  const shown: { title: string; options?: NotificationOptions }[] = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(() => {
      FakeNotification.permission = answer;
      return Promise.resolve(answer);
    });
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options });
    }
    close() {
      return undefined;
    }
  }
  vi.stubGlobal("Notification", FakeNotification);
  return { shown, requestPermission: FakeNotification.requestPermission };
}

const newcomer = aConversation({
  id: 2,
  contact: { id: 12, display_name: "Nina Newcomer", phone_number: "+44 20 7946 0000", wa_id: "442079460000" },
  unread_count: 1,
  last_message: aMessage({ id: 900, conversation_id: 2, text: { body: "Do you deliver on Sundays?" }, created_at: LATER }),
  last_message_at: LATER,
  created_at: LATER,
  updated_at: LATER,
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("live updates", () => {
  it("shows a new customer's message from the stream at the top, without refetching the list", async () => {
    const events = fakeEventStream();
    const fetch = mockFetch({ ...inboxHandlers(), "GET /api/v1/events": events.handler });
    signIn(ana);
    renderApp("/inbox");
    const list = await screen.findByRole("list", { name: "Conversations" });
    await waitFor(() => {
      expect(events.requests).toHaveLength(1);
    });
    expect(events.requests[0]?.headers.get("Authorization")).toBe("Bearer access-1");
    expect(events.requests[0]?.url).not.toContain("access-1");

    events.send({ id: 10, type: "conversation.created", occurred_at: LATER, conversation: newcomer });
    events.send({ id: 11, type: "message.created", occurred_at: LATER, message: newcomer.last_message ?? aMessage() });
    await waitFor(() => {
      expect(within(list).getAllByRole("link").map((link) => link.textContent)).toEqual([
        expect.stringContaining("Do you deliver on Sundays?"),
        expect.stringContaining("Carla Customer"),
      ]);
    });
    expect(within(list).getByLabelText("1 unread")).toBeInTheDocument();
    expect(requestsTo(fetch, "/api/v1/conversations")).toHaveLength(1);
  });

  it("counts messages that arrive while the tab is hidden in its title, and clears it when shown", async () => {
    const events = fakeEventStream();
    mockFetch({ ...inboxHandlers(), "GET /api/v1/events": events.handler });
    signIn(ana);
    renderApp("/inbox");
    await screen.findByRole("list", { name: "Conversations" });
    await waitFor(() => {
      expect(events.requests).toHaveLength(1);
    });
    setVisibility("hidden");
    events.send({ id: 10, type: "conversation.created", occurred_at: LATER, conversation: newcomer });
    events.send({ id: 11, type: "message.created", occurred_at: LATER, message: newcomer.last_message ?? aMessage() });
    events.send({ id: 12, type: "message.created", occurred_at: LATER, message: aMessage({ id: 901, conversation_id: 2 }) });
    // Replies and status changes are not news.
    events.send({ id: 13, type: "message.created", occurred_at: LATER, message: aMessage({ id: 902, direction: "outbound" }) });
    await waitFor(() => {
      expect(document.title).toBe("(2) Inbox · WinMessages");
    });
    setVisibility("visible");
    await waitFor(() => {
      expect(document.title).toBe("Inbox · WinMessages");
    });
  });

  it("adds new messages to the open thread and updates the ticks of a reply in place", async () => {
    const events = fakeEventStream();
    const reply = aMessage({ id: 300, direction: "outbound", status: "sent", text: { body: "Ready at five" } });
    mockFetch({ ...inboxHandlers({ messages: { 1: [reply] } }), "GET /api/v1/events": events.handler });
    signIn(ana);
    renderApp("/inbox/1");
    const log = await screen.findByRole("log", { name: "Messages" });
    await within(log).findByText("Ready at five");
    await waitFor(() => {
      expect(events.requests).toHaveLength(1);
    });
    events.send({ id: 20, type: "message.updated", occurred_at: LATER, message: { ...reply, status: "read" } });
    events.send({
      id: 21,
      type: "message.created",
      occurred_at: LATER,
      message: aMessage({ id: 301, text: { body: "Thanks!" }, created_at: LATER, timestamp: LATER }),
    });
    expect(await within(log).findByText("Thanks!")).toBeInTheDocument();
    expect(await within(log).findByRole("img", { name: "Read" })).toBeInTheDocument();
    expect(within(log).getAllByText("Ready at five")).toHaveLength(1);
  });

  it("says when live updates are interrupted", async () => {
    mockFetch({ ...inboxHandlers(), "GET /api/v1/events": () => new Response(null, { status: 503 }) });
    signIn(ana);
    renderApp("/inbox");
    expect(await screen.findByText("Reconnecting…")).toBeInTheDocument();
  });
});

describe("desktop notifications", () => {
  it("asks for permission on the click only, then announces customer messages while in the background", async () => {
    const { shown, requestPermission } = stubNotifications("default");
    const events = fakeEventStream();
    mockFetch({ ...inboxHandlers({ conversations: [aConversation(), newcomer] }), "GET /api/v1/events": events.handler });
    signIn(ana);
    const { user } = renderApp("/inbox");
    const toggle = await screen.findByRole("button", { name: "Desktop notifications" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    expect(requestPermission).not.toHaveBeenCalled();
    await user.click(toggle);
    expect(requestPermission).toHaveBeenCalledTimes(1);
    await waitFor(() => {
      expect(toggle).toHaveAttribute("aria-pressed", "true");
    });

    await waitFor(() => {
      expect(events.requests).toHaveLength(1);
    });
    setVisibility("hidden");
    const message = aMessage({ id: 950, conversation_id: 2, text: { body: "Still open?" }, created_at: new Date().toISOString() });
    events.send({ id: 30, type: "message.created", occurred_at: message.created_at, message });
    await waitFor(() => {
      expect(shown).toEqual([{ title: "Nina Newcomer", options: expect.objectContaining({ body: "Still open?", tag: "conversation-2" }) as unknown }]);
    });

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "false");
  });

  it("respects a refusal: no prompt, and the toggle explains how to allow them", async () => {
    const { requestPermission } = stubNotifications("denied");
    mockFetch(inboxHandlers());
    signIn(ana);
    const { user } = renderApp("/inbox");
    const toggle = await screen.findByRole("button", { name: "Desktop notifications" });
    expect(toggle).toHaveAttribute("aria-disabled", "true");
    expect(toggle).toHaveAccessibleDescription(/blocked for this site/);
    await user.click(toggle);
    expect(requestPermission).not.toHaveBeenCalled();
  });
});
