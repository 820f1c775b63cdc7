import { screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import { aContact, anAccount, anApiCall, aConversation, aMessage, aTemplate, aUser, templateComponents } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { jsonResponse, mockFetch, problemResponse } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

/** Serious and critical axe violations (colour contrast needs a real browser: not checked here). */
async function seriousViolations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

describe("accessibility (axe-core)", () => {
  it("the login page has no serious violations", async () => {
    mockFetch({
      "POST /api/v1/auth/refresh": () =>
        problemResponse({ title: "Unauthorized", status: 401, code: "invalid_refresh_token" }),
    });
    renderApp("/login");
    await screen.findByRole("button", { name: "Sign in" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("the inbox with an open conversation has no serious violations", async () => {
    const conversation = aConversation({ id: 5, unread_count: 0, window_expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    mockFetch(
      inboxHandlers({
        conversations: [conversation, aConversation({ id: 6, contact: { id: 2, display_name: "Dan" } })],
        messages: { 5: [aMessage({ id: 2, direction: "outbound", status: "read" }), aMessage({ id: 1 })] },
      }),
    );
    signIn();
    renderApp("/inbox/5");
    await screen.findByRole("textbox", { name: "Message" });
    await screen.findByRole("img", { name: "Read" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("the header's notification toggle and interrupted-updates notice have no serious violations", async () => {
    vi.stubGlobal("Notification", { permission: "default" });
    mockFetch({ ...inboxHandlers(), "GET /api/v1/events": () => new Response(null, { status: 503 }) });
    signIn();
    renderApp("/inbox");
    await screen.findByRole("button", { name: "Desktop notifications" });
    await screen.findByText("Reconnecting…");
    expect(await seriousViolations()).toEqual([]);
  });

  it("the composer with a quoted reply, failed and unconfirmed messages, and the reaction menu has no serious violations", async () => {
    const conversation = aConversation({ id: 5, window_expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    mockFetch(
      inboxHandlers({
        conversations: [conversation],
        messages: {
          5: [
            aMessage({ id: 3, direction: "outbound", status: "unknown", text: { body: "Unconfirmed" } }),
            aMessage({ id: 2, direction: "outbound", status: "failed", error: { code: 131026, title: "Message undeliverable" } }),
            aMessage({ id: 1, reactions: [{ emoji: "👍", reactor: "business", reacted_at: "2026-11-25T09:01:00Z" }] }),
          ],
        },
      }),
    );
    signIn();
    const { user } = renderApp("/inbox/5");
    await screen.findByRole("button", { name: "Retry anyway" });
    const first = document.getElementById("message-1");
    if (!first) throw new Error("message 1 is not shown");
    await user.click(within(first).getByRole("button", { name: "Reply" }));
    await screen.findByRole("group", { name: "Replying to" });
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(first).getByRole("button", { name: "React" }));
    await screen.findByRole("menuitemcheckbox", { name: "Remove 👍" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("the template picker, its form with field errors and its preview have no serious violations", async () => {
    const shipping = aTemplate({
      components: templateComponents([
        { type: "HEADER", format: "IMAGE" },
        { type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped." },
        { type: "FOOTER", text: "Acme Bakery" },
        { type: "BUTTONS", buttons: [{ type: "URL", text: "Track", url: "https://shop.example/t/{{1}}" }] },
      ]),
      parameters: {
        header: { format: "IMAGE", placeholders: [] },
        body: { placeholders: ["1", "2"] },
        buttons: [{ index: 0, type: "URL", placeholders: ["1"] }],
      },
    });
    mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: null })], templates: [shipping, aTemplate({ id: 2, name: "hello_world" })] }),
      "POST /api/v1/conversations/5/messages": () =>
        new Response(
          JSON.stringify({
            type: "/problems/template_parameters_invalid",
            title: "Unprocessable",
            status: 422,
            code: "template_parameters_invalid",
            errors: [{ field: "template.components[body].parameters", message: "expected 2 parameter(s)" }],
          }),
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
    });
    signIn();
    const { user } = renderApp("/inbox/5");
    await screen.findByRole("list", { name: "Approved templates" });
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: /order_update/ }));
    await user.click(screen.getByRole("button", { name: "Send template" }));
    await screen.findAllByText("Required.");
    expect(await seriousViolations()).toEqual([]);
    await user.type(screen.getByLabelText("Header image link"), "https://cdn.example/a.png");
    await user.type(screen.getByLabelText("Body {{1}}"), "Carla");
    await user.type(screen.getByLabelText("Body {{2}}"), "A-1");
    await user.type(screen.getByLabelText("Button “Track” link ending"), "A-1");
    await user.click(screen.getByRole("button", { name: "Send template" }));
    await screen.findByText("expected 2 parameter(s)");
    expect(await seriousViolations()).toEqual([]);
  });

  it("the technical logs with the access log and an API call's bodies open, and a number's templates, have no serious violations", async () => {
    mockFetch({
      "GET /api/v1/webhook-events": () => jsonResponse({ items: [], next_cursor: null }),
      "GET /api/v1/accounts": () => jsonResponse({ items: [anAccount()], next_cursor: null }),
      "GET /api/v1/api-calls": () => jsonResponse({ items: [anApiCall(), anApiCall({ id: 2, status: 400, meta_error_code: 100 })], next_cursor: "next" }),
      "GET /api/v1/accounts/1/templates": () => jsonResponse({ items: [aTemplate(), aTemplate({ id: 2, status: "REJECTED" })], next_cursor: null }),
      "GET /api/v1/users": () => jsonResponse({ items: [aUser({ role: "org_admin" })], next_cursor: null }),
      "GET /api/v1/api-keys": () => jsonResponse({ items: [], next_cursor: null }),
      "GET /api/v1/access-log": () =>
        jsonResponse({
          items: [
            { id: 2, created_at: "2026-11-25T10:00:00Z", user_id: 1, method: "GET", path: "/api/v1/conversations/9", status: 404, duration_ms: 3 },
            { id: 1, created_at: "2026-11-25T09:00:00Z", api_key_id: 4, method: "POST", path: "/api/v1/messages", status: 201, duration_ms: 40 },
          ],
          next_cursor: "next",
        }),
    });
    signIn(aUser({ role: "org_admin" }));
    const { user, router } = renderApp("/settings/technical-logs");
    await within(await screen.findByRole("region", { name: "Access log" })).findByRole("row", { name: /conversations\/9/ });
    await user.click(await screen.findByRole("button", { name: "Bodies of call 2" }));
    expect(await seriousViolations()).toEqual([]);

    await router.navigate("/settings/accounts");
    await user.click(await screen.findByRole("button", { name: /^Templates of/ }));
    await within(await screen.findByRole("dialog")).findByRole("row", { name: /REJECTED/ });
    expect(await seriousViolations()).toEqual([]);
  });

  it("the staff access page with a field error, its grants and the revoke confirmation have no serious violations", async () => {
    const grant = {
      id: 1,
      organization_id: 1,
      kind: "grant",
      reason: "Ticket #4711",
      created_by: 1,
      created_at: "2026-11-25T09:00:00Z",
      expires_at: "2026-11-25T13:00:00Z",
      active: true,
    };
    mockFetch({
      "GET /api/v1/users": () => jsonResponse({ items: [aUser({ role: "org_admin" })], next_cursor: null }),
      "GET /api/v1/organization/access-grants": () =>
        jsonResponse({ items: [grant, { ...grant, id: 2, kind: "break_glass", reason: "Incident", created_by: 9, active: false }], next_cursor: null }),
    });
    signIn(aUser({ role: "org_admin" }));
    const { user } = renderApp("/settings/staff-access");
    await screen.findByRole("row", { name: /Ticket #4711/ });
    await user.click(screen.getByRole("button", { name: "Grant access" }));
    await screen.findByText("Say why staff need access, e.g. the support ticket.");
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Revoke access “Ticket #4711”" }));
    await screen.findByRole("alertdialog", { name: "Revoke staff access?" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("the retention page with an error, and the contact panel's privacy actions and erase dialog, have no serious violations", async () => {
    const periods = { messages: 365, media: 90, webhook_payloads: 30, api_calls: 30, access_logs: 30, audit_log: "keep" } as const;
    mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5 })] }),
      "GET /api/v1/organization/retention": () =>
        jsonResponse({ settings: { media: 10 }, defaults: periods, effective: { ...periods, media: 10 }, updated_at: null }),
      "GET /api/v1/contacts/11": () => jsonResponse(aContact({ restricted_at: "2026-11-25T10:00:00Z" })),
    });
    signIn(aUser({ role: "org_admin" }));
    const { user, router } = renderApp("/settings/retention");
    const messages = await screen.findByRole("group", { name: "Messages" });
    await user.selectOptions(within(messages).getByRole("combobox", { name: "Keep for" }), "days");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await within(messages).findByText("Enter a number of days.");
    expect(await seriousViolations()).toEqual([]);

    await router.navigate("/inbox/5");
    await user.click(await screen.findByRole("button", { name: "Contact details" }));
    await user.click(await screen.findByRole("button", { name: "Erase contact" }));
    await screen.findByRole("dialog", { name: "Erase Carla Customer?" });
    expect(await seriousViolations()).toEqual([]);
  });
});
