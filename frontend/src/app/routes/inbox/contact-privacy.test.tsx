import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { aContact, aConversation, aUser } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { jsonResponse, mockFetch, problemResponse } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";
import type { Contact, Erasure } from "@/types/api";

const admin = aUser({ id: 1, name: "Olga Owner", role: "org_admin" });
const agent = aUser({ id: 7, name: "Ana Agent", role: "agent" });
const RESTRICTED_AT = "2026-11-25T10:00:00Z";

function requests(fetch: ReturnType<typeof mockFetch>, method: string, path: string): Request[] {
  return fetch.mock.calls
    .map(([request]) => request as Request)
    .filter((request) => request.method === method && new URL(request.url).pathname === path);
}

async function openPanel(user: ReturnType<typeof renderApp>["user"]) {
  await user.click(await screen.findByRole("button", { name: "Contact details" }));
  const panel = await screen.findByRole("complementary", { name: "Contact details" });
  await within(panel).findByText("31612345678");
  return panel;
}

describe("contact panel: privacy actions", () => {
  it("are not offered to agents", async () => {
    mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5 })] }),
      "GET /api/v1/contacts/11": () => jsonResponse(aContact()),
    });
    signIn(agent);
    const { user } = renderApp("/inbox/5");
    const panel = await openPanel(user);
    expect(within(panel).queryByRole("region", { name: "Privacy" })).not.toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: "Erase contact" })).not.toBeInTheDocument();
  });

  it("restricts processing after confirmation (badge shown), then lifts it", async () => {
    let contact: Contact = aContact();
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5 })] }),
      "GET /api/v1/contacts/11": () => jsonResponse(contact),
      "PUT /api/v1/contacts/11/restriction": () => jsonResponse((contact = { ...contact, restricted_at: RESTRICTED_AT })),
      "DELETE /api/v1/contacts/11/restriction": () => jsonResponse((contact = { ...contact, restricted_at: null })),
    });
    signIn(admin);
    const { user } = renderApp("/inbox/5");
    const panel = await openPanel(user);
    const privacy = await within(panel).findByRole("region", { name: "Privacy" });
    expect(within(panel).queryByText("Restricted")).not.toBeInTheDocument();

    await user.click(within(privacy).getByRole("button", { name: "Restrict processing" }));
    let confirm = await screen.findByRole("alertdialog", { name: "Restrict processing of Carla Customer?" });
    expect(confirm).toHaveAccessibleDescription(/Agents no longer see this contact/);
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    // Escape closes the dialog, not the panel behind it.
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(screen.getByRole("complementary", { name: "Contact details" })).toBeInTheDocument();
    expect(requests(fetch, "PUT", "/api/v1/contacts/11/restriction")).toHaveLength(0);

    await user.click(within(privacy).getByRole("button", { name: "Restrict processing" }));
    confirm = await screen.findByRole("alertdialog", { name: "Restrict processing of Carla Customer?" });
    await user.click(within(confirm).getByRole("button", { name: "Restrict processing" }));
    expect(await within(panel).findByText("Restricted")).toBeInTheDocument();
    expect(requests(fetch, "PUT", "/api/v1/contacts/11/restriction")).toHaveLength(1);

    await user.click(within(privacy).getByRole("button", { name: "Lift restriction" }));
    confirm = await screen.findByRole("alertdialog", { name: "Lift the restriction on Carla Customer?" });
    await user.click(within(confirm).getByRole("button", { name: "Lift restriction" }));
    await waitFor(() => {
      expect(within(panel).queryByText("Restricted")).not.toBeInTheDocument();
    });
    expect(requests(fetch, "DELETE", "/api/v1/contacts/11/restriction")).toHaveLength(1);
  });

  it("shows a refused restriction in the dialog", async () => {
    mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5 })] }),
      "GET /api/v1/contacts/11": () => jsonResponse(aContact()),
      "PUT /api/v1/contacts/11/restriction": () =>
        problemResponse({ title: "Forbidden", status: 403, code: "forbidden", detail: "Only org admins can do this." }),
    });
    signIn(admin);
    const { user } = renderApp("/inbox/5");
    const panel = await openPanel(user);
    await user.click(await within(panel).findByRole("button", { name: "Restrict processing" }));
    const confirm = await screen.findByRole("alertdialog");
    await user.click(within(confirm).getByRole("button", { name: "Restrict processing" }));
    expect(await within(confirm).findByRole("alert")).toHaveTextContent("Only org admins can do this.");
  });

  it("exports the contact's data as a file, with the session's token", async () => {
    const saved: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      saved.push(blob);
      return "blob:export-11";
    });
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const downloads: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`);
    });
    let refuse = false;
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5 })] }),
      "GET /api/v1/contacts/11": () => jsonResponse(aContact()),
      "GET /api/v1/contacts/11/export": () =>
        refuse
          ? problemResponse({ title: "Service Unavailable", status: 503, code: "unavailable", detail: "Try again later." })
          : jsonResponse({ contact: { wa_id: "31612345678" } }, { headers: { "Content-Disposition": 'attachment; filename="x.json"' } }),
    });
    signIn(admin, "admin-token");
    const { user } = renderApp("/inbox/5");
    const panel = await openPanel(user);

    await user.click(await within(panel).findByRole("button", { name: "Export data" }));
    expect(await within(panel).findByText("Downloaded")).toBeInTheDocument();
    expect(downloads).toEqual(["contact-11-export.json blob:export-11"]);
    const [request] = requests(fetch, "GET", "/api/v1/contacts/11/export");
    expect(request?.headers.get("Authorization")).toBe("Bearer admin-token");
    expect(saved).toHaveLength(1);
    expect(await saved[0]?.text()).toBe(JSON.stringify({ contact: { wa_id: "31612345678" } }));

    refuse = true;
    await user.click(within(panel).getByRole("button", { name: "Export data" }));
    expect(await within(panel).findByRole("alert")).toHaveTextContent("The export failed: Try again later.");
    expect(downloads).toHaveLength(1);
    click.mockRestore();
  });

  it("erases the contact once their name or number is typed, closes the conversation and says what went", async () => {
    const erasure: Erasure = {
      conversations: 1,
      messages: 14,
      media_files: 2,
      webhook_events_deleted: 16,
      webhook_events_redacted: 1,
      api_calls_redacted: 3,
      audit_entries_redacted: 1,
      mentions_redacted: 0,
    };
    const carla = aConversation({ id: 5 });
    const dave = aConversation({ id: 6, contact: { id: 12, display_name: "Dave Doe", wa_id: "31600000000" } });
    let conversations = [carla, dave];
    const fetch = mockFetch({
      ...inboxHandlers({ conversations }),
      "GET /api/v1/conversations": () => jsonResponse({ items: conversations, next_cursor: null }),
      "GET /api/v1/contacts/11": () => jsonResponse(aContact()),
      "DELETE /api/v1/contacts/11": () => {
        conversations = [dave];
        return jsonResponse(erasure);
      },
    });
    signIn(admin);
    const { user, router } = renderApp("/inbox/5");
    const list = await screen.findByRole("list", { name: "Conversations" });
    expect(await within(list).findByRole("link", { name: /Carla Customer/ })).toBeInTheDocument();
    const panel = await openPanel(user);

    await user.click(await within(panel).findByRole("button", { name: "Erase contact" }));
    const dialog = await screen.findByRole("dialog", { name: "Erase Carla Customer?" });
    expect(dialog).toHaveAccessibleDescription(/cannot be undone/);
    const erase = within(dialog).getByRole("button", { name: "Erase permanently" });
    const typed = within(dialog).getByRole("textbox", { name: "Type the contact’s name or number to confirm" });
    expect(typed).toHaveFocus();
    expect(erase).toBeDisabled();
    await user.type(typed, "Carla");
    expect(erase).toBeDisabled();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("complementary", { name: "Contact details" })).toBeInTheDocument();

    await user.click(within(panel).getByRole("button", { name: "Erase contact" }));
    const again = await screen.findByRole("dialog", { name: "Erase Carla Customer?" });
    await user.type(within(again).getByRole("textbox"), "+31 6 1234 5678");
    const fetchedBefore = requests(fetch, "GET", "/api/v1/conversations/5").length;
    await user.click(within(again).getByRole("button", { name: "Erase permanently" }));

    const summary = await screen.findByRole("status", { name: "Carla Customer was erased" });
    expect(summary).toHaveTextContent("1 conversation deleted");
    expect(summary).toHaveTextContent("14 messages deleted");
    expect(summary).toHaveTextContent("16 webhook payloads deleted, 1 redacted");
    expect(router.state.location.pathname).toBe("/inbox");
    expect(screen.queryByRole("complementary", { name: "Contact details" })).not.toBeInTheDocument();
    expect(within(list).queryByRole("link", { name: /Carla Customer/ })).not.toBeInTheDocument();
    expect(within(list).getByRole("link", { name: /Dave Doe/ })).toBeInTheDocument();
    expect(requests(fetch, "DELETE", "/api/v1/contacts/11")).toHaveLength(1);
    // Nothing asked the server again for what no longer exists.
    expect(requests(fetch, "GET", "/api/v1/conversations/5")).toHaveLength(fetchedBefore);
    expect(requests(fetch, "GET", "/api/v1/contacts/11")).toHaveLength(1);

    await user.click(within(summary).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("status", { name: "Carla Customer was erased" })).not.toBeInTheDocument();
  });
});
