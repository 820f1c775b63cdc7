import { screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { aConversation, aMessage } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { mockFetch, problemResponse } from "@/testing/mock-fetch";
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
});
