import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AccessGrant } from "@/types/api";
import { aUser } from "@/testing/fixtures";
import { jsonResponse, mockFetch } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

const admin = aUser({ id: 1, name: "Olga Owner", role: "org_admin" });
const T = "2026-11-25T09:00:00Z";

function aGrant(overrides: Partial<AccessGrant> = {}): AccessGrant {
  return {
    id: 1,
    organization_id: 1,
    kind: "grant",
    reason: "Ticket #4711",
    created_by: 1,
    created_at: T,
    expires_at: "2026-11-25T13:00:00Z",
    revoked_at: null,
    revoked_by: null,
    active: true,
    ...overrides,
  };
}

async function requestBodies(fetch: ReturnType<typeof mockFetch>, method: string, path: string) {
  const requests = fetch.mock.calls
    .map(([r]) => r as Request)
    .filter((r) => r.method === method && new URL(r.url).pathname === path);
  return Promise.all(requests.map((r) => r.clone().json() as Promise<unknown>));
}

function validationProblem(field: string, message: string): Response {
  return new Response(
    JSON.stringify({ type: "/problems/validation_failed", title: "Unprocessable", status: 422, code: "validation_failed", errors: [{ field, message }] }),
    { status: 422, headers: { "Content-Type": "application/problem+json" } },
  );
}

describe("settings: staff access", () => {
  it("lists grants and break-glass openings with their status; grants access and revokes it with confirmation", async () => {
    let grants = [
      aGrant({ id: 2, kind: "break_glass", reason: "Incident: webhook backlog", created_by: 900, active: false }),
      aGrant({ id: 1, reason: "Old ticket", active: false, revoked_at: T, revoked_by: 1 }),
    ];
    const fetch = mockFetch({
      "GET /api/v1/users": () => jsonResponse({ items: [admin], next_cursor: null }),
      "GET /api/v1/organization/access-grants": () => jsonResponse({ items: grants, next_cursor: null }),
      "POST /api/v1/organization/access-grants": async (request) => {
        const body = (await request.clone().json()) as { reason: string };
        const created = aGrant({ id: 3, reason: body.reason });
        grants = [created, ...grants];
        return jsonResponse(created, { status: 201 });
      },
      "DELETE /api/v1/organization/access-grants/3": () => {
        grants = grants.map((g) => (g.id === 3 ? { ...g, active: false, revoked_at: T, revoked_by: 1 } : g));
        return new Response(null, { status: 204 });
      },
    });
    signIn(admin);
    const { user } = renderApp("/settings/staff-access");

    expect(await screen.findByRole("heading", { name: "Staff access" })).toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Settings" })).getByRole("link", { name: "Staff access" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(screen.getByText(/cannot read this organization’s messages/)).toBeInTheDocument();
    const breakGlass = await screen.findByRole("row", { name: /Incident: webhook backlog/ });
    expect(within(breakGlass).getByText("Break-glass")).toBeInTheDocument();
    expect(within(breakGlass).getByText("Platform staff #900")).toBeInTheDocument();
    expect(within(breakGlass).getByText("Expired")).toBeInTheDocument();
    const old = screen.getByRole("row", { name: /Old ticket/ });
    expect(within(old).getByText("Revoked")).toBeInTheDocument();
    expect(within(old).queryByRole("button", { name: /Revoke/ })).not.toBeInTheDocument();

    const form = screen.getByRole("form", { name: "Grant staff access" });
    await user.clear(within(form).getByLabelText("Hours"));
    await user.type(within(form).getByLabelText("Hours"), "24");
    await user.type(within(form).getByLabelText("Reason"), "  Ticket #4711: messages not arriving ");
    await user.click(within(form).getByRole("button", { name: "Grant access" }));

    const granted = await screen.findByRole("row", { name: /Ticket #4711: messages not arriving/ });
    expect(within(granted).getByText("Active")).toBeInTheDocument();
    expect(within(granted).getByText("Grant")).toBeInTheDocument();
    expect(within(granted).getByText("Olga Owner")).toBeInTheDocument();
    expect(await requestBodies(fetch, "POST", "/api/v1/organization/access-grants")).toEqual([
      { hours: 24, reason: "Ticket #4711: messages not arriving" },
    ]);
    expect(within(form).getByLabelText("Reason")).toHaveValue("");

    await user.click(within(granted).getByRole("button", { name: "Revoke access “Ticket #4711: messages not arriving”" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Revoke staff access?" });
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(within(confirm).getByRole("button", { name: "Revoke access" }));
    await waitFor(() => {
      expect(within(screen.getByRole("row", { name: /Ticket #4711: messages not arriving/ })).getByText("Revoked")).toBeInTheDocument();
    });
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  });

  it("checks hours and reason before asking, and shows the server's field errors", async () => {
    const fetch = mockFetch({
      "GET /api/v1/users": () => jsonResponse({ items: [admin], next_cursor: null }),
      "GET /api/v1/organization/access-grants": () => jsonResponse({ items: [], next_cursor: null }),
      "POST /api/v1/organization/access-grants": () => validationProblem("reason", "must not be blank"),
    });
    signIn(admin);
    const { user } = renderApp("/settings/staff-access");
    expect(await screen.findByText("Staff have never been given access.")).toBeInTheDocument();

    const form = screen.getByRole("form", { name: "Grant staff access" });
    const hours = within(form).getByLabelText("Hours");
    await user.clear(hours);
    await user.type(hours, "73");
    await user.click(within(form).getByRole("button", { name: "Grant access" }));
    expect(hours).toHaveAccessibleDescription(/Enter a whole number of hours from 1 to 72\./);
    expect(within(form).getByLabelText("Reason")).toHaveAttribute("aria-invalid", "true");
    expect(fetch.mock.calls.some(([r]) => (r as Request).method === "POST")).toBe(false);

    await user.clear(hours);
    await user.type(hours, "2");
    await user.type(within(form).getByLabelText("Reason"), "Ticket");
    await user.click(within(form).getByRole("button", { name: "Grant access" }));
    await waitFor(() => {
      expect(within(form).getByLabelText("Reason")).toHaveAccessibleDescription(/must not be blank/);
    });
  });

  it("shows a refusal that is not about a field", async () => {
    mockFetch({
      "GET /api/v1/users": () => jsonResponse({ items: [admin], next_cursor: null }),
      "GET /api/v1/organization/access-grants": () => jsonResponse({ items: [], next_cursor: null }),
      "POST /api/v1/organization/access-grants": () =>
        new Response(
          JSON.stringify({ type: "/problems/forbidden", title: "Forbidden", status: 403, code: "forbidden", detail: "Only a signed-in organization administrator can grant staff access." }),
          { status: 403, headers: { "Content-Type": "application/problem+json" } },
        ),
    });
    signIn(admin);
    const { user } = renderApp("/settings/staff-access");
    const form = await screen.findByRole("form", { name: "Grant staff access" });
    await user.type(within(form).getByLabelText("Reason"), "Ticket");
    await user.click(within(form).getByRole("button", { name: "Grant access" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Only a signed-in organization administrator can grant staff access.");
  });

  it("is in the settings navigation of org admins only", async () => {
    mockFetch({ "GET /api/v1/audit-log": () => jsonResponse({ items: [], next_cursor: null }) });
    signIn(aUser({ role: "platform_admin", organization_id: null }));
    renderApp("/settings/audit-log");
    const nav = await screen.findByRole("navigation", { name: "Settings" });
    expect(within(nav).queryByRole("link", { name: "Staff access" })).not.toBeInTheDocument();
  });
});
