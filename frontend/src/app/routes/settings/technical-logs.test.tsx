import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aUser } from "@/testing/fixtures";
import { jsonResponse, mockFetch, problemResponse, requestedUrls } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

const admin = aUser({ id: 1, name: "Olga Owner", email: "olga@example.com", role: "org_admin" });
const T = "2026-11-25T09:00:00Z";

function anEntry(overrides: object = {}) {
  return {
    id: 1,
    created_at: T,
    organization_id: 1,
    user_id: 1,
    api_key_id: null,
    method: "GET",
    route: "/api/v1/conversations/{id}",
    path: "/api/v1/conversations/42",
    status: 200,
    client_ip: "203.0.113.7",
    user_agent: "Mozilla/5.0",
    duration_ms: 12,
    request_id: "req-1",
    ...overrides,
  };
}

const otherLogs = {
  "GET /api/v1/webhook-events": () => jsonResponse({ items: [], next_cursor: null }),
  "GET /api/v1/accounts": () => jsonResponse({ items: [], next_cursor: null }),
  "GET /api/v1/api-calls": () => jsonResponse({ items: [], next_cursor: null }),
  "GET /api/v1/users": () => jsonResponse({ items: [admin], next_cursor: null }),
  "GET /api/v1/api-keys": () =>
    jsonResponse({
      items: [{ id: 4, name: "CRM sync", prefix: "wm_Xk3p", scope: "agent", created_at: T, last_used_at: null, revoked_at: null }],
      next_cursor: null,
    }),
};

function accessLogUrls(fetch: ReturnType<typeof mockFetch>) {
  return requestedUrls(fetch).filter((url) => new URL(url).pathname === "/api/v1/access-log");
}

describe("settings: access log", () => {
  it("names members, keys and unknown users, loads more with the cursor, and filters", async () => {
    const fetch = mockFetch({
      ...otherLogs,
      "GET /api/v1/access-log": (request) => {
        const url = new URL(request.url);
        if (url.searchParams.get("cursor") === "page-2") {
          return jsonResponse({ items: [anEntry({ id: 1, user_id: null, path: "/api/v1/auth/login", method: "POST", status: 401 })], next_cursor: null });
        }
        return jsonResponse({
          items: [
            anEntry({ id: 3, status: 404, path: "/api/v1/conversations/999999" }),
            anEntry({ id: 2, user_id: null, api_key_id: 4, path: "/api/v1/contacts", status: 200 }),
            anEntry({ id: 5, user_id: 77, path: "/api/v1/users", status: 500 }),
          ],
          next_cursor: "page-2",
        });
      },
    });
    signIn(admin);
    const { user } = renderApp("/settings/technical-logs");
    const section = await screen.findByRole("region", { name: "Access log" });

    const missing = await within(section).findByRole("row", { name: /\/api\/v1\/conversations\/999999/ });
    expect(within(missing).getByText("Olga Owner")).toBeInTheDocument();
    expect(within(missing).getByText("olga@example.com")).toBeInTheDocument();
    expect(within(missing).getByText("404")).toBeInTheDocument();
    expect(within(missing).getByText("203.0.113.7")).toBeInTheDocument();
    expect(within(missing).getByText("12 ms")).toBeInTheDocument();
    expect(within(section).getByRole("row", { name: /\/api\/v1\/contacts/ })).toHaveTextContent("API key #4");
    expect(within(section).getByRole("row", { name: /\/api\/v1\/users/ })).toHaveTextContent("User #77");

    await user.click(within(section).getByRole("button", { name: "Load more" }));
    const login = await within(section).findByRole("row", { name: /\/api\/v1\/auth\/login/ });
    expect(within(login).getByText("Not signed in")).toBeInTheDocument();
    expect(accessLogUrls(fetch).at(-1)).toContain("cursor=page-2");
    expect(within(section).queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();

    const filters = within(section).getByRole("search", { name: "Filter the access log" });
    await user.selectOptions(within(filters).getByLabelText("Made by"), "CRM sync");
    await user.selectOptions(within(filters).getByLabelText("Method"), "DELETE");
    await user.type(within(filters).getByLabelText("Status"), "4xx");
    await user.type(within(filters).getByLabelText("Path starts with"), "/api/v1/contacts");
    fireEvent.change(within(filters).getByLabelText("From"), { target: { value: "2026-11-25T09:00" } });
    fireEvent.change(within(filters).getByLabelText("Until"), { target: { value: "2026-11-25T18:00" } });
    await waitFor(() => {
      const last = new URL(accessLogUrls(fetch).at(-1) ?? "");
      expect(Object.fromEntries(last.searchParams)).toEqual({
        api_key_id: "4",
        method: "DELETE",
        status: "4xx",
        path: "/api/v1/contacts",
        from: new Date("2026-11-25T09:00").toISOString(),
        to: new Date("2026-11-25T18:00").toISOString(),
        limit: "50",
      });
    });

    await user.selectOptions(within(filters).getByLabelText("Made by"), "Olga Owner");
    await waitFor(() => {
      const last = new URL(accessLogUrls(fetch).at(-1) ?? "");
      expect(last.searchParams.get("user_id")).toBe("1");
      expect(last.searchParams.has("api_key_id")).toBe(false);
    });
  });

  it("says when nothing matches, and shows the server's refusal", async () => {
    let refuse = false;
    mockFetch({
      ...otherLogs,
      "GET /api/v1/access-log": () =>
        refuse
          ? problemResponse({ title: "Bad Request", status: 400, code: "invalid_query", detail: "from must be before to." })
          : jsonResponse({ items: [], next_cursor: null }),
    });
    signIn(admin);
    const { user } = renderApp("/settings/technical-logs");
    const section = await screen.findByRole("region", { name: "Access log" });
    expect(await within(section).findByText("No requests.")).toBeInTheDocument();

    refuse = true;
    await user.type(within(section).getByLabelText("Status"), "500");
    expect(await within(section).findByRole("alert")).toHaveTextContent("from must be before to.");
  });

  it("is not shown to platform admins, who have no organization", async () => {
    mockFetch({ "GET /api/v1/webhook-events": () => jsonResponse({ items: [], next_cursor: null }) });
    signIn(aUser({ role: "platform_admin", organization_id: null }));
    renderApp("/settings/technical-logs");
    expect(await screen.findByRole("region", { name: "Webhook events" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Access log" })).not.toBeInTheDocument();
  });
});
