import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { anAccount, anApiCall, aTemplate, aUser } from "@/testing/fixtures";
import { jsonResponse, mockFetch, problemResponse, requestedUrls } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

const admin = aUser({ id: 1, name: "Olga Owner", role: "org_admin" });
const agent = aUser({ id: 2, name: "Ana Agent", role: "agent" });
const T = "2026-11-25T09:00:00Z";

async function requestBodies(fetch: ReturnType<typeof mockFetch>, method: string, path: string) {
  const requests = fetch.mock.calls
    .map(([r]) => r as Request)
    .filter((r) => r.method === method && new URL(r.url).pathname === path);
  return Promise.all(requests.map((r) => r.clone().json() as Promise<unknown>));
}

describe("settings: members", () => {
  it("invites a member with a role, changes roles, disables and deletes with confirmation", async () => {
    let members = [admin, agent];
    const fetch = mockFetch({
      "GET /api/v1/users": () => jsonResponse({ items: members, next_cursor: null }),
      "POST /api/v1/users": async (request) => {
        const body = (await request.clone().json()) as { name: string; email: string; role: "agent" | "org_admin" };
        const created = aUser({ id: 3, name: body.name, email: body.email, role: body.role });
        members = [...members, created];
        return jsonResponse(created, { status: 201 });
      },
      "PATCH /api/v1/users/2": async (request) =>
        jsonResponse({ ...agent, ...((await request.clone().json()) as object) }),
      "DELETE /api/v1/users/2": () => {
        members = members.filter((m) => m.id !== 2);
        return new Response(null, { status: 204 });
      },
    });
    signIn(admin);
    const { user } = renderApp("/settings/members");

    expect(await screen.findByRole("heading", { name: "Members" })).toBeInTheDocument();
    expect(await screen.findByRole("rowheader", { name: "Ana Agent" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Invite member" }));
    const dialog = await screen.findByRole("dialog", { name: "Invite member" });
    await user.type(within(dialog).getByLabelText("Name"), "Ben New");
    await user.type(within(dialog).getByLabelText("Email"), "ben@example.com");
    await user.type(within(dialog).getByLabelText("Password"), "a very long passphrase");
    await user.selectOptions(within(dialog).getByLabelText("Role"), "org_admin");
    await user.click(within(dialog).getByRole("button", { name: "Invite" }));
    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(await screen.findByRole("rowheader", { name: "Ben New" })).toBeInTheDocument();
    expect(await requestBodies(fetch, "POST", "/api/v1/users")).toEqual([
      { name: "Ben New", email: "ben@example.com", password: "a very long passphrase", role: "org_admin" },
    ]);

    await user.selectOptions(screen.getByRole("combobox", { name: "Role of Ana Agent" }), "org_admin");
    await user.click(screen.getByRole("button", { name: "Disable Ana Agent" }));
    await waitFor(async () => {
      expect(await requestBodies(fetch, "PATCH", "/api/v1/users/2")).toEqual([{ role: "org_admin" }, { active: false }]);
    });

    await user.click(screen.getByRole("button", { name: "Delete Ana Agent" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Delete Ana Agent?" });
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(within(confirm).getByRole("button", { name: "Delete member" }));
    await waitFor(() => {
      expect(screen.queryByRole("rowheader", { name: "Ana Agent" })).not.toBeInTheDocument();
    });
  });

  it("shows field errors of a refused invitation", async () => {
    mockFetch({
      "GET /api/v1/users": () => jsonResponse({ items: [admin], next_cursor: null }),
      "POST /api/v1/users": () =>
        new Response(
          JSON.stringify({
            type: "/problems/validation_failed",
            title: "Unprocessable",
            status: 422,
            code: "validation_failed",
            errors: [{ field: "password", message: "too common" }],
          }),
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
    });
    signIn(admin);
    const { user } = renderApp("/settings/members");
    await user.click(await screen.findByRole("button", { name: "Invite member" }));
    const dialog = await screen.findByRole("dialog", { name: "Invite member" });
    await user.type(within(dialog).getByLabelText("Name"), "Ben");
    await user.type(within(dialog).getByLabelText("Email"), "ben@example.com");
    await user.type(within(dialog).getByLabelText("Password"), "password1234");
    await user.click(within(dialog).getByRole("button", { name: "Invite" }));
    await waitFor(() => {
      expect(within(dialog).getByLabelText("Password")).toHaveAccessibleDescription("At least 12 characters. too common");
    });
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});

describe("settings: API keys", () => {
  it("creates a key shown once with a copy button, and revokes with confirmation", async () => {
    const key = { id: 4, name: "CRM sync", prefix: "wm_Xk3p", scope: "agent", created_at: T, last_used_at: null, revoked_at: null };
    let keys: object[] = [];
    const fetch = mockFetch({
      "GET /api/v1/api-keys": () => jsonResponse({ items: keys, next_cursor: null }),
      "POST /api/v1/api-keys": () => {
        keys = [key];
        return jsonResponse({ ...key, key: "wm_Xk3p_secret_value" }, { status: 201 });
      },
      "DELETE /api/v1/api-keys/4": () => {
        keys = [{ ...key, revoked_at: T }];
        return new Response(null, { status: 204 });
      },
    });
    signIn(admin);
    const { user } = renderApp("/settings/api-keys");

    expect(await screen.findByText("No API keys yet.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create API key" }));
    const dialog = await screen.findByRole("dialog", { name: "Create API key" });
    await user.type(within(dialog).getByLabelText("Name"), "CRM sync");
    await user.click(within(dialog).getByRole("button", { name: "Create" }));

    const shown = await screen.findByRole("dialog", { name: "API key created" });
    expect(within(shown).getByRole("textbox", { name: "Key “CRM sync”" })).toHaveValue("wm_Xk3p_secret_value");
    await user.click(within(shown).getByRole("button", { name: "Copy key" }));
    // userEvent.setup() puts a clipboard stub in place of the browser's.
    expect(await navigator.clipboard.readText()).toBe("wm_Xk3p_secret_value");
    expect(await within(shown).findByText("Copied")).toBeInTheDocument();
    await user.click(within(shown).getByRole("button", { name: "Done" }));
    expect(screen.queryByText("wm_Xk3p_secret_value")).not.toBeInTheDocument();
    expect(await requestBodies(fetch, "POST", "/api/v1/api-keys")).toEqual([{ name: "CRM sync", scope: "agent" }]);

    await user.click(await screen.findByRole("button", { name: "Revoke CRM sync" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Revoke “CRM sync”?" });
    await user.click(within(confirm).getByRole("button", { name: "Revoke key" }));
    expect(await screen.findByText(/^Revoked/)).toBeInTheDocument();
  });
});

describe("settings: WhatsApp accounts", () => {
  it("validates the connect form, shows the server's verdict, and lists accounts with status", async () => {
    let accounts = [anAccount({ id: 1, disabled: true })];
    const fetch = mockFetch({
      "GET /api/v1/accounts": () => jsonResponse({ items: accounts, next_cursor: null }),
      "POST /api/v1/accounts": async (request) => {
        const body = (await request.clone().json()) as { access_token: string };
        if (body.access_token.startsWith("bad")) {
          return new Response(
            JSON.stringify({ type: "/problems/graph_api", title: "Bad Gateway", status: 502, code: "graph_api_error", detail: "Meta refused the access token." }),
            { status: 502, headers: { "Content-Type": "application/problem+json" } },
          );
        }
        const created = anAccount({ id: 2, display_phone_number: "+1 555-000-1111" });
        accounts = [...accounts, created];
        return jsonResponse(created, { status: 201 });
      },
    });
    signIn(admin);
    const { user } = renderApp("/settings/accounts");

    const row = await screen.findByRole("row", { name: /\+1 555-078-3881/ });
    expect(within(row).getByText("Disabled")).toBeInTheDocument();
    expect(within(row).getByText("GREEN")).toBeInTheDocument();

    const form = screen.getByRole("form", { name: "Connect a phone number" });
    await user.type(within(form).getByLabelText("WhatsApp Business Account id"), "abc");
    await user.click(within(form).getByRole("button", { name: "Connect number" }));
    expect(within(form).getByLabelText("WhatsApp Business Account id")).toHaveAccessibleDescription(
      "Enter the WhatsApp Business Account id (digits only).",
    );
    expect(within(form).getByLabelText("Access token")).toHaveAttribute("aria-invalid", "true");
    expect(fetch.mock.calls.some(([r]) => (r as Request).method === "POST")).toBe(false);

    await user.clear(within(form).getByLabelText("WhatsApp Business Account id"));
    await user.type(within(form).getByLabelText("WhatsApp Business Account id"), "419561257915477");
    await user.type(within(form).getByLabelText("Phone number id"), "106540352242922");
    await user.type(within(form).getByLabelText("Access token"), "bad-token-0123456789abcdef");
    await user.click(within(form).getByRole("button", { name: "Connect number" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Meta refused the access token.");

    await user.clear(within(form).getByLabelText("Access token"));
    await user.type(within(form).getByLabelText("Access token"), "EAAG-good-token-0123456789");
    await user.click(within(form).getByRole("button", { name: "Connect number" }));
    expect(await screen.findByRole("row", { name: /\+1 555-000-1111/ })).toBeInTheDocument();
  });
});

/** The access log section of the technical logs, empty. */
const accessLogHandlers = {
  "GET /api/v1/access-log": () => jsonResponse({ items: [], next_cursor: null }),
  "GET /api/v1/users": () => jsonResponse({ items: [admin], next_cursor: null }),
  "GET /api/v1/api-keys": () => jsonResponse({ items: [], next_cursor: null }),
};

describe("settings: logs", () => {
  it("filters the audit log by action", async () => {
    const fetch = mockFetch({
      "GET /api/v1/audit-log": () =>
        jsonResponse({
          items: [{ id: 1, action: "login.failed", created_at: T, ip: "10.0.0.1", actor_user_id: null, details: { reason: "wrong_password" } }],
          next_cursor: null,
        }),
    });
    signIn(admin);
    const { user } = renderApp("/settings/audit-log");
    expect(await screen.findByRole("rowheader", { name: "login.failed" })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Action"), "user.created");
    await waitFor(() => {
      expect(requestedUrls(fetch).at(-1)).toContain("action=user.created");
    });
  });

  it("lists webhook events and reprocesses one; links to retention", async () => {
    const fetch = mockFetch({
      "GET /api/v1/webhook-events": () =>
        jsonResponse({
          items: [{ id: 9, status: "failed", attempts: 3, received_at: T, payload: { object: "whatsapp_business_account" }, last_error: "boom" }],
          next_cursor: null,
        }),
      "POST /api/v1/webhook-events/9/reprocess": () => jsonResponse({ id: 9, status: "pending", attempts: 3, received_at: T, payload: {} }, { status: 202 }),
      "GET /api/v1/accounts": () => jsonResponse({ items: [anAccount()], next_cursor: null }),
      "GET /api/v1/api-calls": () => jsonResponse({ items: [], next_cursor: null }),
      ...accessLogHandlers,
      "GET /api/v1/organization/retention": () => jsonResponse({ settings: {}, defaults: {}, effective: {}, updated_at: null }),
    });
    signIn(admin);
    const { user } = renderApp("/settings/technical-logs");
    expect(await screen.findByText("boom")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Reprocess event 9" }));
    await waitFor(() => {
      expect(fetch.mock.calls.some(([r]) => (r as Request).url.endsWith("/webhook-events/9/reprocess"))).toBe(true);
    });
    expect(await within(screen.getByRole("region", { name: "API calls" })).findByText("No API calls.")).toBeInTheDocument();

    await user.click(screen.getByRole("link", { name: "Retention" }));
    expect(await screen.findByRole("heading", { name: "Retention" })).toBeInTheDocument();
    expect(await screen.findByRole("form", { name: "Retention periods" })).toBeInTheDocument();
  });
});

describe("settings: API calls", () => {
  it("lists Graph API calls with their bodies, filters them, and loads more with the cursor", async () => {
    const failed = anApiCall({
      id: 12,
      method: "GET",
      path: "/v23.0/419561257915477/message_templates?limit=100",
      status: 401,
      duration_ms: 31,
      meta_error_code: 190,
      error: "Invalid OAuth access token",
      request_body: null,
      response_body: '{"error":{"code":190,"message":"Invalid OAuth access token"}}',
    });
    const older = anApiCall({ id: 3, status: null, error: "timed out", response_body: null, account_id: null });
    const fetch = mockFetch({
      "GET /api/v1/webhook-events": () => jsonResponse({ items: [], next_cursor: null }),
      "GET /api/v1/accounts": () => jsonResponse({ items: [anAccount({ id: 1, name: "Shop" }), anAccount({ id: 2, name: "Support" })], next_cursor: null }),
      "GET /api/v1/api-calls": (request) => {
        const url = new URL(request.url);
        if (url.searchParams.get("cursor") === "page-2") return jsonResponse({ items: [older], next_cursor: null });
        return jsonResponse({ items: [failed, anApiCall({ id: 11 })], next_cursor: "page-2" });
      },
      ...accessLogHandlers,
    });
    signIn(admin);
    const { user } = renderApp("/settings/technical-logs");
    const section = await screen.findByRole("region", { name: "API calls" });
    const row = await within(section).findByRole("row", { name: /message_templates/ });
    expect(within(row).getByText("401")).toBeInTheDocument();
    expect(within(row).getByText("190")).toBeInTheDocument();
    expect(within(row).getByText("Invalid OAuth access token")).toBeInTheDocument();
    expect(within(row).getByText("Shop")).toBeInTheDocument();

    // The row's detail: bodies pre-formatted, JSON indented.
    const toggle = within(row).getByRole("button", { name: "Bodies of call 12" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const detail = document.getElementById(toggle.getAttribute("aria-controls") ?? "");
    if (!detail) throw new Error("the call's detail is not shown");
    const response = within(detail).getByText(/"code": 190/);
    expect(response.tagName).toBe("PRE");
    expect(response.textContent).toBe('{\n  "error": {\n    "code": 190,\n    "message": "Invalid OAuth access token"\n  }\n}');
    expect(within(detail).getByText("None")).toBeInTheDocument();
    await user.click(toggle);
    expect(within(section).queryByText(/"code": 190/)).not.toBeInTheDocument();

    await user.click(within(section).getByRole("button", { name: "Load more" }));
    const noAnswer = await within(section).findByRole("row", { name: /No answer/ });
    expect(within(noAnswer).getByText("timed out")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();

    const filters = within(section).getByRole("search", { name: "Filter API calls" });
    await user.selectOptions(within(filters).getByLabelText("Account"), "Support");
    await user.selectOptions(within(filters).getByLabelText("Method"), "GET");
    await user.type(within(filters).getByLabelText("HTTP status"), "401");
    await user.click(within(filters).getByRole("checkbox", { name: "Errors only" }));
    fireEvent.change(within(filters).getByLabelText("From"), { target: { value: "2026-11-25T09:00" } });
    fireEvent.change(within(filters).getByLabelText("Until"), { target: { value: "2026-11-25T18:00" } });
    await waitFor(() => {
      const last = new URL(requestedUrls(fetch).filter((url) => url.includes("/api-calls")).at(-1) ?? "");
      expect(Object.fromEntries(last.searchParams)).toEqual({
        account_id: "2",
        method: "GET",
        status: "401",
        errors_only: "true",
        since: new Date("2026-11-25T09:00").toISOString(),
        until: new Date("2026-11-25T18:00").toISOString(),
        limit: "50",
      });
    });
  });
});

describe("settings: WhatsApp account templates", () => {
  it("lists a number's templates in every status and syncs them", async () => {
    let templates = [aTemplate({ id: 1, status: "APPROVED", synced_at: T })];
    const fetch = mockFetch({
      "GET /api/v1/accounts": () => jsonResponse({ items: [anAccount({ id: 1, name: "Shop" })], next_cursor: null }),
      "GET /api/v1/accounts/1/templates": () => jsonResponse({ items: templates, next_cursor: null }),
      "POST /api/v1/accounts/1/templates/sync": () => {
        templates = [...templates, aTemplate({ id: 2, name: "spring_sale", status: "REJECTED", category: "MARKETING", synced_at: T })];
        return jsonResponse({ synced: 2, added: 1, removed: 0, templates });
      },
    });
    signIn(admin);
    const { user } = renderApp("/settings/accounts");
    await user.click(await screen.findByRole("button", { name: "Templates of Shop" }));
    const dialog = await screen.findByRole("dialog", { name: "Templates of Shop" });
    const approved = await within(dialog).findByRole("row", { name: /order_update/ });
    expect(within(approved).getByText("APPROVED")).toBeInTheDocument();
    expect(requestedUrls(fetch).find((url) => url.includes("/accounts/1/templates"))).toContain("status=all");

    await user.click(within(dialog).getByRole("button", { name: "Sync templates" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Synced 2 templates (1 new, 0 removed).");
    const rejected = within(dialog).getByRole("row", { name: /spring_sale/ });
    expect(within(rejected).getByText("REJECTED")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});

describe("platform admin: organizations", () => {
  it("creates an organization with its first admin", async () => {
    const fetch = mockFetch({
      "GET /api/v1/admin/organizations": () => jsonResponse({ items: [], next_cursor: null }),
      "POST /api/v1/admin/organizations": () =>
        jsonResponse(
          { organization: { id: 2, name: "Acme", member_count: 1, created_at: T }, admin: aUser({ role: "org_admin" }) },
          { status: 201 },
        ),
    });
    signIn(aUser({ role: "platform_admin", organization_id: null }));
    const { user } = renderApp("/admin/organizations");
    await user.click(await screen.findByRole("button", { name: "Create organization" }));
    const dialog = await screen.findByRole("dialog", { name: "Create organization" });
    await user.type(within(dialog).getByLabelText("Organization name"), "Acme");
    const first = within(dialog).getByRole("group", { name: "First administrator" });
    await user.type(within(first).getByLabelText("Name"), "Olga");
    await user.type(within(first).getByLabelText("Email"), "olga@acme.test");
    await user.type(within(first).getByLabelText("Password"), "a very long passphrase");
    await user.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(await requestBodies(fetch, "POST", "/api/v1/admin/organizations")).toEqual([
      { name: "Acme", admin: { name: "Olga", email: "olga@acme.test", password: "a very long passphrase" } },
    ]);
  });
});

describe("settings: access", () => {
  it("problem documents for forbidden screens are shown, not swallowed", async () => {
    mockFetch({
      "GET /api/v1/users": () => problemResponse({ title: "Forbidden", status: 403, code: "forbidden", detail: "Org admins only." }),
    });
    signIn(admin);
    renderApp("/settings/members");
    expect(await screen.findByRole("alert")).toHaveTextContent("Org admins only.");
  });
});
