import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { aConversation, aMessage, aUser } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { jsonResponse, mockFetch } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";
import type { Conversation } from "@/types/api";

const ana = aUser({ id: 7, name: "Ana Agent" });
const bob = aUser({ id: 8, name: "Bob Builder" });
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

function bodies(fetch: ReturnType<typeof mockFetch>, method: string, path: string) {
  return Promise.all(
    fetch.mock.calls
      .map(([request]) => request as Request)
      .filter((request) => request.method === method && new URL(request.url).pathname === path)
      .map((request) => request.clone().text()),
  );
}

describe("conversation view", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows the thread by day, bubbles per direction, and marks unread messages read", async () => {
    const conversation = aConversation({ id: 5, unread_count: 2, window_expires_at: inHours(5) });
    const messages = [
      aMessage({ id: 3, direction: "outbound", status: "delivered", text: { body: "Yes, at 5pm" }, timestamp: new Date().toISOString() }),
      aMessage({ id: 2, text: { body: "Is it ready today?" }, timestamp: new Date().toISOString() }),
      aMessage({ id: 1, text: { body: "Hi there" }, timestamp: "2026-01-02T10:00:00Z" }),
    ];
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [conversation], messages: { 5: messages } }),
      "POST /api/v1/conversations/5/read": () => jsonResponse({ ...conversation, unread_count: 0 }),
    });
    signIn(ana);
    renderApp("/inbox/5");

    const log = await screen.findByRole("log", { name: "Messages" });
    await within(log).findByText("Yes, at 5pm");
    const days = within(log).getAllByRole("heading", { level: 3 });
    expect(days.map((day) => day.textContent)).toEqual([expect.stringContaining("2026"), "Today"]);
    expect(within(log).getByText("Hi there").closest(".message")).toHaveClass("message--inbound");
    expect(within(log).getByText("Yes, at 5pm").closest(".message")).toHaveClass("message--outbound");
    expect(within(log).getByRole("img", { name: "Delivered" })).toBeInTheDocument();

    await waitFor(async () => {
      expect(await bodies(fetch, "POST", "/api/v1/conversations/5/read")).toHaveLength(1);
    });
    await waitFor(() => {
      expect(screen.getByRole("button", { name: "Mark as read" })).toBeDisabled();
    });
  });

  it("loads earlier messages on request", async () => {
    const conversation = aConversation({ id: 5 });
    mockFetch({
      ...inboxHandlers({ conversations: [conversation] }),
      "GET /api/v1/conversations/5/messages": (request) =>
        new URL(request.url).searchParams.get("cursor") === "older"
          ? jsonResponse({ items: [aMessage({ id: 1, text: { body: "The very first" } })], next_cursor: null })
          : jsonResponse({ items: [aMessage({ id: 2, text: { body: "Latest" } })], next_cursor: "older" }),
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");
    await screen.findByText("Latest");
    await user.click(screen.getByRole("button", { name: "Load earlier messages" }));
    expect(await screen.findByText("The very first")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load earlier messages" })).not.toBeInTheDocument();
  });

  it("assigns to me or a colleague and changes the status", async () => {
    let current: Conversation = aConversation({ id: 5 });
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [current], members: [ana, bob] }),
      "PATCH /api/v1/conversations/5": async (request) => {
        current = { ...current, ...((await request.clone().json()) as Partial<Conversation>) };
        return jsonResponse(current);
      },
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");

    const assignee = await screen.findByRole("combobox", { name: "Assignee" });
    await screen.findByRole("option", { name: "Bob Builder" });
    await user.selectOptions(assignee, "Me");
    await waitFor(() => {
      expect(assignee).toHaveValue("7");
    });
    await user.selectOptions(assignee, "Bob Builder");
    await waitFor(() => {
      expect(assignee).toHaveValue("8");
    });
    await user.selectOptions(screen.getByRole("combobox", { name: "Status" }), "resolved");
    await waitFor(() => {
      expect(screen.getByRole("combobox", { name: "Status" })).toHaveValue("resolved");
    });

    expect(await bodies(fetch, "PATCH", "/api/v1/conversations/5")).toEqual([
      JSON.stringify({ assignee_id: 7 }),
      JSON.stringify({ assignee_id: 8 }),
      JSON.stringify({ status: "resolved" }),
    ]);
  });

  it("composer: Enter sends, Shift+Enter adds a line, and the draft survives a failed send", async () => {
    mockFetch(inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })] }));
    signIn(ana);
    const { user } = renderApp("/inbox/5");

    const box = await screen.findByRole("textbox", { name: "Message" });
    expect(screen.getByRole("button", { name: "Send" })).toBeInTheDocument();
    await user.type(box, "Line one{Shift>}{Enter}{/Shift}Line two");
    expect(box).toHaveValue("Line one\nLine two");
    expect(localStorage.getItem("winmessages.draft.5")).toBe("Line one\nLine two");

    await user.keyboard("{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Sending replies is not available on this server yet");
    expect(box).toHaveValue("Line one\nLine two");
  });

  it("shows the 24-hour window countdown", async () => {
    mockFetch(inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(3.5) })] }));
    signIn(ana);
    renderApp("/inbox/5");
    expect(await screen.findByText(/Window closes in 3 h (29|30) min/)).toBeInTheDocument();
  });

  it("offers templates instead of free text once the window is closed", async () => {
    mockFetch(inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(-1) })] }));
    signIn(ana);
    renderApp("/inbox/5");
    expect(await screen.findByText("The 24-hour window is closed: only templates can be sent.")).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Templates" })).toHaveTextContent("Available soon");
    expect(screen.queryByRole("textbox", { name: "Message" })).not.toBeInTheDocument();
  });

  it("opens the contact panel, renames the contact, and closes with Escape", async () => {
    const contact = {
      id: 11,
      display_name: "Carla Customer",
      name: null,
      profile_name: "Carla Customer",
      phone_number: "+31 6 1234 5678",
      wa_id: "31612345678",
      attributes: {},
      created_at: "2026-11-25T09:00:00Z",
      updated_at: "2026-11-25T09:00:00Z",
    };
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5 })] }),
      "GET /api/v1/contacts/11": () => jsonResponse(contact),
      "PATCH /api/v1/contacts/11": () =>
        jsonResponse({ ...contact, name: "Carla (VIP)", display_name: "Carla (VIP)", updated_at: "2026-11-25T10:00:00Z" }),
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");

    const toggle = await screen.findByRole("button", { name: "Contact details" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    const panel = await screen.findByRole("complementary", { name: "Contact details" });
    expect(await within(panel).findByText("31612345678")).toBeInTheDocument();

    const name = within(panel).getByRole("textbox", { name: "Name" });
    await user.type(name, "Carla (VIP)");
    await user.click(within(panel).getByRole("button", { name: "Save name" }));
    expect(await within(panel).findByText("Carla (VIP)", { selector: "p" })).toBeInTheDocument();
    expect(await bodies(fetch, "PATCH", "/api/v1/contacts/11")).toEqual([JSON.stringify({ name: "Carla (VIP)" })]);

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("complementary", { name: "Contact details" })).not.toBeInTheDocument();
  });
});
