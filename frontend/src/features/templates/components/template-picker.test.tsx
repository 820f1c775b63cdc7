import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aConversation, aMessage, aTemplate, aUser } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { jsonResponse, mockFetch } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const agent = aUser({ id: 7, role: "agent" });
const admin = aUser({ id: 1, name: "Olga Owner", role: "org_admin" });
const hello = aTemplate({ id: 2, name: "hello_world", category: "MARKETING", parameters: { header: null, body: { placeholders: [] }, buttons: [] } });
const orderUpdate = aTemplate({ id: 3 });

function postedBodies(fetch: ReturnType<typeof mockFetch>, path: string) {
  return Promise.all(
    fetch.mock.calls
      .map(([input]) => input as Request)
      .filter((request) => request.method === "POST" && new URL(request.url).pathname === path)
      .map((request) => request.clone().json() as Promise<unknown>),
  );
}

describe("template picker", () => {
  it("with the window closed: search, fill the placeholders with a live preview, and send", async () => {
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(-2) })], templates: [hello, orderUpdate] }),
      "POST /api/v1/conversations/5/messages": async (request) =>
        jsonResponse(
          aMessage({
            id: 300,
            conversation_id: 5,
            direction: "outbound",
            type: "template",
            status: "pending",
            text: null,
            template: (await request.clone().json() as { template: never }).template,
          }),
          { status: 202 },
        ),
    });
    signIn(agent);
    const { user } = renderApp("/inbox/5");

    const picker = await screen.findByRole("region", { name: "Templates" });
    expect(picker).toHaveTextContent("Only an approved template can be sent until the customer writes again.");
    expect(screen.queryByRole("textbox", { name: "Message" })).not.toBeInTheDocument();
    const list = await within(picker).findByRole("list", { name: "Approved templates" });
    expect(within(list).getAllByRole("button").map((b) => b.textContent)).toEqual(["hello_worlden_US · marketing", "order_updateen_US · utility"]);
    expect(within(picker).queryByRole("button", { name: "Sync templates" })).not.toBeInTheDocument();

    await user.type(within(picker).getByRole("searchbox", { name: "Search templates" }), "order");
    expect(within(list).getAllByRole("button")).toHaveLength(1);
    await user.click(within(list).getByRole("button", { name: /order_update/ }));

    const form = within(picker).getByRole("form", { name: "order_update en_US" });
    const first = within(form).getByRole("textbox", { name: "Body {{1}}" });
    expect(first).toHaveFocus();
    const preview = within(form).getByRole("figure", { name: "Preview" });
    expect(preview).toHaveTextContent("Hi {{1}}, your order {{2}} has shipped.");
    await user.type(first, "Carla");
    await user.type(within(form).getByRole("textbox", { name: "Body {{2}}" }), "A-17");
    expect(preview).toHaveTextContent("Hi Carla, your order A-17 has shipped.");

    await user.click(within(form).getByRole("button", { name: "Send template" }));
    await waitFor(async () => {
      expect(await postedBodies(fetch, "/api/v1/conversations/5/messages")).toEqual([
        {
          type: "template",
          template: {
            name: "order_update",
            language: { code: "en_US" },
            components: [{ type: "body", parameters: [{ type: "text", text: "Carla" }, { type: "text", text: "A-17" }] }],
          },
        },
      ]);
    });
    // Sent: the thread shows it, and the picker is ready for another one.
    expect(await screen.findByText("Template “order_update” (en_US)")).toBeInTheDocument();
    expect(await within(picker).findByRole("list", { name: "Approved templates" })).toBeInTheDocument();
  });

  it("says what is missing before sending, and shows the server's field errors next to the fields", async () => {
    mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(-2) })], templates: [orderUpdate] }),
      "POST /api/v1/conversations/5/messages": () =>
        new Response(
          JSON.stringify({
            type: "/problems/template_parameters_invalid",
            title: "Unprocessable",
            status: 422,
            code: "template_parameters_invalid",
            detail: "The parameters do not match template `order_update` (en_US).",
            errors: [{ field: "template.components[body].parameters", message: "expected 2 parameter(s) for {{1}}, {{2}}, got 3" }],
          }),
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
    });
    signIn(agent);
    const { user } = renderApp("/inbox/5");
    await user.click(await screen.findByRole("button", { name: /order_update/ }));
    const form = screen.getByRole("form", { name: "order_update en_US" });
    const second = within(form).getByRole("textbox", { name: "Body {{2}}" });
    await user.type(within(form).getByRole("textbox", { name: "Body {{1}}" }), "Carla");
    await user.click(within(form).getByRole("button", { name: "Send template" }));
    expect(second).toHaveAccessibleDescription("Required.");
    expect(second).toHaveFocus();

    await user.type(second, "A-17");
    expect(second).not.toHaveAccessibleDescription();
    await user.click(within(form).getByRole("button", { name: "Send template" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "Not sent: The parameters do not match template `order_update` (en_US).",
    );
    expect(second).toHaveAccessibleDescription("expected 2 parameter(s) for {{1}}, {{2}}, got 3");
    expect(second).toHaveAttribute("aria-invalid", "true");
    // What was typed stays for another try.
    expect(second).toHaveValue("A-17");
  });

  it("is available on demand while the window is open, and goes back to the text box", async () => {
    mockFetch(inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })], templates: [orderUpdate] }));
    signIn(agent);
    const { user } = renderApp("/inbox/5");
    await screen.findByRole("textbox", { name: "Message" });
    await user.click(screen.getByRole("button", { name: "Template" }));
    const picker = await screen.findByRole("region", { name: "Templates" });
    expect(picker).toHaveTextContent("Send an approved template.");
    await user.click(await within(picker).findByRole("button", { name: /order_update/ }));
    await user.click(within(picker).getByRole("button", { name: "Choose another template" }));
    expect(within(picker).getByRole("searchbox", { name: "Search templates" })).toHaveFocus();
    await user.click(within(picker).getByRole("button", { name: "Back to message" }));
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveFocus();
    expect(screen.queryByRole("region", { name: "Templates" })).not.toBeInTheDocument();
  });

  it("offers org admins a sync when the number has no approved template yet", async () => {
    let templates: object[] = [];
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: null })], members: [admin] }),
      "GET /api/v1/accounts/1/templates": () => jsonResponse({ items: templates, next_cursor: null }),
      "POST /api/v1/accounts/1/templates/sync": () => {
        templates = [orderUpdate];
        return jsonResponse({ synced: 2, added: 2, removed: 0, templates: [orderUpdate, aTemplate({ id: 9, name: "promo", status: "PENDING" })] });
      },
    });
    signIn(admin);
    const { user } = renderApp("/inbox/5");
    const picker = await screen.findByRole("region", { name: "Templates" });
    expect(await within(picker).findByText(/This number has no approved template yet/)).toBeInTheDocument();
    await user.click(within(picker).getByRole("button", { name: "Sync templates" }));
    const list = await within(picker).findByRole("list", { name: "Approved templates" });
    // Only approved templates can be sent: the pending one is not offered.
    expect(within(list).getAllByRole("button").map((b) => b.textContent)).toEqual(["order_updateen_US · utility"]);
    expect(fetch.mock.calls.filter(([input]) => (input as Request).url.endsWith("/accounts/1/templates/sync"))).toHaveLength(1);
  });

  it("agents are told an admin can sync", async () => {
    mockFetch(inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: null })] }));
    signIn(agent);
    renderApp("/inbox/5");
    const picker = await screen.findByRole("region", { name: "Templates" });
    expect(await within(picker).findByText(/An admin can sync them from WhatsApp/)).toBeInTheDocument();
    expect(within(picker).queryByRole("button", { name: "Sync templates" })).not.toBeInTheDocument();
  });
});
