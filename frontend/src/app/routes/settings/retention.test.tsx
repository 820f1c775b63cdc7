import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aUser } from "@/testing/fixtures";
import { jsonResponse, mockFetch } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";
import type { Retention, RetentionPeriods } from "@/types/api";

const admin = aUser({ id: 1, name: "Olga Owner", role: "org_admin" });
const DEFAULTS: RetentionPeriods = {
  messages: 365,
  media: 90,
  webhook_payloads: 30,
  api_calls: 30,
  access_logs: 30,
  audit_log: "keep",
};

function retention(settings: RetentionPeriods, updatedAt: string | null = null): Retention {
  const effective = Object.fromEntries(
    Object.entries(DEFAULTS).map(([type, period]) => [type, settings[type as keyof RetentionPeriods] ?? period]),
  );
  return { settings, defaults: DEFAULTS, effective, updated_at: updatedAt };
}

function putBodies(fetch: ReturnType<typeof mockFetch>) {
  return Promise.all(
    fetch.mock.calls
      .map(([request]) => request as Request)
      .filter((request) => request.method === "PUT")
      .map((request) => request.clone().json() as Promise<unknown>),
  );
}

describe("settings: retention", () => {
  it("shows each data type's period in force, and saves a number of days", async () => {
    let current = retention({ media: "keep" });
    const fetch = mockFetch({
      "GET /api/v1/organization/retention": () => jsonResponse(current),
      "PUT /api/v1/organization/retention": async (request) => {
        current = retention((await request.clone().json()) as RetentionPeriods, "2026-11-26T08:00:00Z");
        return jsonResponse(current);
      },
    });
    signIn(admin);
    const { user } = renderApp("/settings/retention");

    const messages = await screen.findByRole("group", { name: "Messages" });
    expect(messages).toHaveTextContent("In force: 365 days");
    expect(messages).toHaveTextContent("Platform default");
    expect(messages).toHaveAccessibleDescription(/reactions, edits and delivery state/);
    const media = screen.getByRole("group", { name: "Media files" });
    expect(media).toHaveTextContent("In force: Kept forever");
    expect(within(media).getByRole("combobox", { name: "Keep for" })).toHaveValue("keep");
    expect(screen.getByText("Never changed: the platform defaults apply.")).toBeInTheDocument();

    const choice = within(messages).getByRole("combobox", { name: "Keep for" });
    expect(within(choice).getByRole("option", { name: "Platform default (365 days)" })).toBeInTheDocument();
    await user.selectOptions(choice, "days");
    await user.type(within(messages).getByRole("textbox", { name: "Days" }), "400");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Saved")).toBeInTheDocument();
    expect(await putBodies(fetch)).toEqual([
      { messages: 400, media: "keep", webhook_payloads: null, api_calls: null, access_logs: null, audit_log: null },
    ]);
    expect(screen.getByRole("group", { name: "Messages" })).toHaveTextContent("In force: 400 days");
    expect(screen.getByText(/^Last changed /)).toBeInTheDocument();
  });

  it("checks the days before sending, and shows the server's verdict next to the field", async () => {
    const fetch = mockFetch({
      "GET /api/v1/organization/retention": () => jsonResponse(retention({})),
      "PUT /api/v1/organization/retention": () =>
        new Response(
          JSON.stringify({
            type: "/problems/validation_failed",
            title: "Unprocessable",
            status: 422,
            code: "validation_failed",
            errors: [{ field: "audit_log", message: "must be \"keep\" or a number of days from 1 to 36500" }],
          }),
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
    });
    signIn(admin);
    const { user } = renderApp("/settings/retention");

    const messages = await screen.findByRole("group", { name: "Messages" });
    await user.selectOptions(within(messages).getByRole("combobox", { name: "Keep for" }), "days");
    const days = within(messages).getByRole("textbox", { name: "Days" });
    await user.type(days, "0");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(days).toHaveAccessibleDescription("1–36,500 Enter a whole number of days from 1 to 36,500.");
    expect(days).toHaveAttribute("aria-invalid", "true");
    expect(await putBodies(fetch)).toEqual([]);

    await user.clear(days);
    await user.type(days, "30");
    expect(days).not.toHaveAttribute("aria-invalid");
    await user.click(screen.getByRole("button", { name: "Save" }));
    const audit = within(screen.getByRole("group", { name: "Audit log" })).getByRole("combobox", { name: "Keep for" });
    await waitFor(() => {
      expect(audit).toHaveAccessibleDescription('must be "keep" or a number of days from 1 to 36500');
    });
    expect(screen.queryByText("Saved")).not.toBeInTheDocument();
  });
});
