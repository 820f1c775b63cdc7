import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { anAccount, aConversation, aMessage, aUser } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { jsonResponse, mockFetch, requestedUrls } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

const ana = aUser({ id: 7, name: "Ana Agent" });
const bob = aUser({ id: 8, name: "Bob Builder", email: "bob@example.com" });

function listRequests(fetch: ReturnType<typeof mockFetch>) {
  return requestedUrls(fetch)
    .filter((url) => new URL(url).pathname === "/api/v1/conversations")
    .map((url) => new URL(url).searchParams);
}

describe("inbox list", () => {
  it("shows each conversation with name, number, preview, time, unread, status, assignee and number", async () => {
    const conversations = [
      aConversation({
        id: 1,
        unread_count: 3,
        assignee_id: 8,
        account_id: 2,
        last_message: aMessage({ text: { body: "Is my cake ready?" } }),
      }),
      aConversation({
        id: 2,
        contact: { id: 12, display_name: "Dan", phone_number: null, wa_id: "4915112345678" },
        last_message: aMessage({ type: "image", text: null, media: { status: "stored", voice: false, animated: false } }),
      }),
    ];
    mockFetch({
      ...inboxHandlers({ conversations, members: [ana, bob] }),
      "GET /api/v1/accounts": () =>
        jsonResponse({ items: [anAccount({ id: 1 }), anAccount({ id: 2, name: "Shop line" })], next_cursor: null }),
    });
    signIn(ana);
    renderApp("/inbox");

    const list = await screen.findByRole("list", { name: "Conversations" });
    const rows = await within(list).findAllByRole("link");
    expect(rows).toHaveLength(2);
    const [first] = rows;
    if (!first) throw new Error("no rows");
    expect(first).toHaveTextContent("Carla Customer");
    expect(first).toHaveTextContent("Is my cake ready?");
    expect(first).toHaveTextContent("+31 6 1234 5678");
    expect(first).toHaveTextContent("Open");
    expect(within(first).getByLabelText("3 unread")).toHaveTextContent("3");
    expect(await within(first).findByText("→ Bob Builder")).toBeInTheDocument();
    expect(await within(first).findByText("Shop line")).toBeInTheDocument();
    expect(within(first).getByRole("time")).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent("📷 Photo");
    expect(rows[1]).toHaveTextContent("+4915112345678");
    expect(rows[1]).toHaveTextContent("Unassigned");
    expect(document.title).toBe("Inbox · WinMessages");
  });

  it("turns filters into query parameters and keeps them in the URL", async () => {
    const fetch = mockFetch(inboxHandlers());
    signIn(ana);
    const { user, router } = renderApp("/inbox");
    await screen.findByRole("list", { name: "Conversations" });
    expect(Object.fromEntries(listRequests(fetch).at(-1) ?? [])).toEqual({ status: "open", limit: "50" });

    await user.click(screen.getByRole("radio", { name: "Mine" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Filter by status" }), "pending");
    await user.click(screen.getByRole("checkbox", { name: "Unread only" }));

    await waitFor(() => {
      expect(Object.fromEntries(listRequests(fetch).at(-1) ?? [])).toEqual({
        status: "pending",
        assignee_id: "me",
        unread: "true",
        limit: "50",
      });
    });
    expect(router.state.location.search).toBe("?view=mine&status=pending&unread=1");

    await user.click(screen.getByRole("radio", { name: "Unassigned" }));
    await waitFor(() => {
      expect(listRequests(fetch).at(-1)?.get("assignee_id")).toBe("none");
    });
  });

  it("loads more conversations when scrolled to the end", async () => {
    const first = Array.from({ length: 3 }, (_, i) => aConversation({ id: i + 1 }));
    const fetch = mockFetch({
      ...inboxHandlers(),
      "GET /api/v1/conversations": (request) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        return cursor === "page-2"
          ? jsonResponse({ items: [aConversation({ id: 9, contact: { id: 99, display_name: "Zoe" } })], next_cursor: null })
          : jsonResponse({ items: first, next_cursor: "page-2" });
      },
    });
    signIn(ana);
    renderApp("/inbox");

    expect(await screen.findByText("Zoe")).toBeInTheDocument();
    expect(listRequests(fetch).map((params) => params.get("cursor"))).toEqual([null, "page-2"]);
  });

  it("searches the loaded conversations; / focuses the search and j/k move through the list", async () => {
    const conversations = [
      aConversation({ id: 1, contact: { id: 1, display_name: "Carla" } }),
      aConversation({ id: 2, contact: { id: 2, display_name: "Dan" } }),
      aConversation({ id: 3, contact: { id: 3, display_name: "Dana" } }),
    ];
    mockFetch(inboxHandlers({ conversations }));
    signIn(ana);
    const { user, router } = renderApp("/inbox");
    await screen.findByText("Carla");

    await user.keyboard("j");
    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/inbox/1");
    });
    await user.keyboard("j");
    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/inbox/2");
    });
    await user.keyboard("k");
    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/inbox/1");
    });
    expect(screen.getByRole("link", { name: /^Carla/ })).toHaveAttribute("aria-current", "page");

    await user.keyboard("/");
    const search = screen.getByRole("searchbox", { name: "Search conversations" });
    expect(search).toHaveFocus();
    await user.keyboard("dan");
    const list = screen.getByRole("list", { name: "Conversations" });
    await waitFor(() => {
      expect(within(list).getAllByRole("link").map((link) => link.textContent)).toEqual([
        expect.stringContaining("Dan"),
        expect.stringContaining("Dana"),
      ]);
    });
    expect(router.state.location.search).toBe("?q=dan");
  });
});

describe("role-aware navigation", () => {
  it("agents see the inbox but no settings", async () => {
    mockFetch(inboxHandlers());
    signIn(aUser({ role: "agent" }));
    renderApp("/");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Inbox" })).toBeInTheDocument();
    expect(within(nav).queryByRole("link", { name: "Settings" })).not.toBeInTheDocument();
  });

  it("org admins also see settings", async () => {
    mockFetch(inboxHandlers());
    signIn(aUser({ role: "org_admin" }));
    renderApp("/inbox");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Settings" })).toHaveAttribute("href", "/settings");
  });

  it("agents who open a settings URL are told they have no access", async () => {
    mockFetch({});
    signIn(aUser({ role: "agent" }));
    renderApp("/settings/members");
    expect(await screen.findByRole("heading", { name: "No access" })).toBeInTheDocument();
  });

  it("platform admins start on the organizations screen", async () => {
    mockFetch({
      "GET /api/v1/admin/organizations": () =>
        jsonResponse({ items: [{ id: 1, name: "Acme Bakery", member_count: 3, created_at: "2026-11-25T09:00:00Z" }], next_cursor: null }),
    });
    signIn(aUser({ role: "platform_admin", organization_id: null }));
    const { router } = renderApp("/");
    expect(await screen.findByRole("heading", { name: "Organizations" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/admin/organizations");
    expect(await screen.findByRole("rowheader", { name: "Acme Bakery" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Inbox" })).not.toBeInTheDocument();
  });
});
