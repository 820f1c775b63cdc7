import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { aConversation, aMessage, aUser } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { jsonResponse, mockFetch, problemResponse } from "@/testing/mock-fetch";
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

  it("composer: Enter sends at once (pending), Shift+Enter adds a line, and the answer takes the placeholder's place", async () => {
    let answer: (response: Response) => void = () => undefined;
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })] }),
      "POST /api/v1/conversations/5/messages": () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");

    const box = await screen.findByRole("textbox", { name: "Message" });
    expect(screen.getByRole("button", { name: "Send" })).toBeInTheDocument();
    await user.type(box, "Line one{Shift>}{Enter}{/Shift}Line two");
    expect(box).toHaveValue("Line one\nLine two");
    expect(localStorage.getItem("winmessages.draft.5")).toBe("Line one\nLine two");

    await user.keyboard("{Enter}");
    const log = screen.getByRole("log", { name: "Messages" });
    const placeholder = (await within(log).findByText(/Line one/)).closest(".message");
    expect(placeholder).toHaveClass("message--outbound");
    expect(within(placeholder as HTMLElement).getByRole("img", { name: "Sending" })).toBeInTheDocument();
    expect(box).toHaveValue("");
    expect(localStorage.getItem("winmessages.draft.5")).toBeNull();

    const [request] = fetch.mock.calls
      .map(([input]) => input as Request)
      .filter((r) => r.method === "POST" && r.url.endsWith("/conversations/5/messages"));
    expect(request?.headers.get("Idempotency-Key")).toMatch(/\S{8,}/);
    expect(await request?.clone().json()).toEqual({ type: "text", text: { body: "Line one\nLine two" } });

    answer(
      jsonResponse(
        aMessage({ id: 900, conversation_id: 5, direction: "outbound", status: "pending", text: { body: "Line one\nLine two" }, sent_by_user_id: 7 }),
        { status: 202 },
      ),
    );
    await waitFor(() => {
      expect(document.getElementById("message-900")).toBeInTheDocument();
    });
    expect(within(log).getAllByText(/Line one/)).toHaveLength(1);
  });

  it("a refused send keeps the draft and says why: window closed", async () => {
    mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })] }),
      "POST /api/v1/conversations/5/messages": () =>
        new Response(
          JSON.stringify({
            type: "/problems/window_closed",
            title: "Unprocessable",
            status: 422,
            code: "window_closed",
            detail: "The 24-hour customer-service window closed.",
            window_expires_at: "2026-11-25T08:00:00Z",
          }),
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");
    const box = await screen.findByRole("textbox", { name: "Message" });
    await user.type(box, "Are you there?{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      /Not sent: The 24-hour window is closed .*only a template can be sent until the customer writes again/,
    );
    // The window the server reported closes the composer; the draft waits for the customer.
    expect(await screen.findByRole("region", { name: "Templates" })).toBeInTheDocument();
    expect(localStorage.getItem("winmessages.draft.5")).toBe("Are you there?");
    expect(document.querySelectorAll(".message--outbound")).toHaveLength(0);
  });

  it("a refused send keeps the draft and says why: contact restricted (409)", async () => {
    mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })] }),
      "POST /api/v1/conversations/5/messages": () =>
        problemResponse({
          title: "Conflict",
          status: 409,
          code: "contact_restricted",
          detail: "Processing of this contact's data is restricted: nothing can be sent to them.",
        }),
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");
    const box = await screen.findByRole("textbox", { name: "Message" });
    await user.type(box, "Hello{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Not sent: Processing of this contact's data is restricted");
    expect(box).toHaveValue("Hello");
  });

  it("quotes a message in the reply, and the quote can be cancelled", async () => {
    const fetch = mockFetch({
      ...inboxHandlers({
        conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })],
        messages: { 5: [aMessage({ id: 40, conversation_id: 5, text: { body: "Do you deliver?" } })] },
      }),
      "POST /api/v1/conversations/5/messages": () =>
        jsonResponse(aMessage({ id: 41, conversation_id: 5, direction: "outbound", status: "pending", text: { body: "Yes" } }), {
          status: 202,
        }),
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");
    await screen.findByText("Do you deliver?");

    await user.click(screen.getByRole("button", { name: "Reply" }));
    const quote = screen.getByRole("group", { name: "Replying to" });
    expect(quote).toHaveTextContent("Replying to Carla Customer");
    expect(quote).toHaveTextContent("Do you deliver?");
    await user.click(within(quote).getByRole("button", { name: "Cancel reply" }));
    expect(screen.queryByRole("group", { name: "Replying to" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Reply" }));
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveFocus();
    await user.keyboard("Yes{Enter}");
    await waitFor(async () => {
      expect(await bodies(fetch, "POST", "/api/v1/conversations/5/messages")).toEqual([
        JSON.stringify({ type: "text", text: { body: "Yes" }, reply_to_message_id: 40 }),
      ]);
    });
    expect(screen.queryByRole("group", { name: "Replying to" })).not.toBeInTheDocument();
  });

  it("reacts with an emoji, and choosing the same one again removes it", async () => {
    const fetch = mockFetch({
      ...inboxHandlers({
        conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })],
        messages: { 5: [aMessage({ id: 40, conversation_id: 5, text: { body: "Thanks!" } })] },
      }),
      "POST /api/v1/conversations/5/messages": () =>
        jsonResponse(aMessage({ id: 41, conversation_id: 5, direction: "outbound", type: "reaction", status: "pending" }), {
          status: 202,
        }),
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");
    await screen.findByText("Thanks!");

    await user.click(screen.getByRole("button", { name: "React" }));
    await user.click(await screen.findByRole("menuitemcheckbox", { name: "React 👍" }));
    expect(await screen.findByRole("list", { name: "Reactions" })).toHaveTextContent("👍 from your team");

    await user.click(screen.getByRole("button", { name: "React" }));
    await user.click(await screen.findByRole("menuitemcheckbox", { name: "Remove 👍" }));
    await waitFor(() => {
      expect(screen.queryByRole("list", { name: "Reactions" })).not.toBeInTheDocument();
    });
    expect(await bodies(fetch, "POST", "/api/v1/conversations/5/messages")).toEqual([
      JSON.stringify({ type: "reaction", reaction: { message_id: 40, emoji: "👍" } }),
      JSON.stringify({ type: "reaction", reaction: { message_id: 40, emoji: "" } }),
    ]);
  });

  it("retries a failed message, and shows a refused retry inline", async () => {
    const failed = aMessage({
      id: 60,
      conversation_id: 5,
      direction: "outbound",
      status: "failed",
      text: { body: "Your order is ready" },
      error: { code: 131026, title: "Message undeliverable" },
    });
    let refuse = false;
    mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })], messages: { 5: [failed] } }),
      "POST /api/v1/messages/60/retry": () =>
        refuse
          ? problemResponse({ title: "Conflict", status: 409, code: "not_retryable", detail: "The message is not failed." })
          : jsonResponse({ ...failed, status: "pending", error: null }, { status: 202 }),
    });
    signIn(ana);
    const { user } = renderApp("/inbox/5");
    expect(await screen.findByRole("note")).toHaveTextContent("Not delivered: Message undeliverable (code 131026)");

    refuse = true;
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Retry refused: The message is not failed.");

    refuse = false;
    await user.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => {
      expect(screen.queryByRole("note")).not.toBeInTheDocument();
    });
    expect(screen.getByRole("img", { name: "Sending" })).toBeInTheDocument();
  });

  it("a message whose delivery is unconfirmed warns that retrying may send it twice", async () => {
    mockFetch(
      inboxHandlers({
        conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })],
        messages: { 5: [aMessage({ id: 61, conversation_id: 5, direction: "outbound", status: "unknown", text: { body: "On my way" } })] },
      }),
    );
    signIn(ana);
    renderApp("/inbox/5");
    const note = await screen.findByRole("note");
    expect(note).toHaveTextContent("Delivery not confirmed");
    expect(note).toHaveTextContent("Retrying may deliver it twice.");
    expect(within(note).getByRole("button", { name: "Retry anyway" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Status unknown" })).toBeInTheDocument();
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
    expect(screen.getByRole("region", { name: "Templates" })).toHaveTextContent(
      "Only an approved template can be sent until the customer writes again.",
    );
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
