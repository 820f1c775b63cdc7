import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aConversation, aTokenResponse, aUser } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { jsonResponse, mockFetch, problemResponse } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

const noSession = {
  "POST /api/v1/auth/refresh": () =>
    problemResponse({ title: "Unauthorized", status: 401, code: "invalid_refresh_token" }),
};

describe("login", () => {
  it("sends visitors without a session to the login page, then back where they were going", async () => {
    const fetch = mockFetch({
      ...noSession,
      ...inboxHandlers(),
      "POST /api/v1/auth/login": () => jsonResponse(aTokenResponse(aUser({ name: "Ana Agent" }))),
    });
    const { user, router } = renderApp("/inbox?view=mine");

    expect(await screen.findByRole("heading", { name: "Sign in to WinMessages" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");

    await user.type(screen.getByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/inbox");
    });
    expect(router.state.location.search).toBe("?view=mine");
    expect(await screen.findByRole("button", { name: "Account menu for Ana Agent" })).toBeInTheDocument();
    const login = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.url.endsWith("/auth/login"));
    expect(await login?.json()).toEqual({
      email: "ana@example.com",
      password: "correct horse battery",
      token_delivery: "cookie",
    });
  });

  it("explains wrong credentials and missing fields", async () => {
    mockFetch({
      ...noSession,
      "POST /api/v1/auth/login": () =>
        problemResponse({ title: "Unauthorized", status: 401, code: "invalid_credentials", detail: "Wrong email or password." }),
    });
    const { user } = renderApp("/login");
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter your email address.");
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");

    await user.type(screen.getByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email or password.");
  });

  it("says when to try again after too many attempts (429 Retry-After)", async () => {
    mockFetch({
      ...noSession,
      "POST /api/v1/auth/login": () =>
        new Response(
          JSON.stringify({ type: "/problems/rate_limited", title: "Too Many Requests", status: 429, code: "rate_limited" }),
          { status: 429, headers: { "Content-Type": "application/problem+json", "Retry-After": "90" } },
        ),
    });
    const { user } = renderApp("/login");
    await user.type(await screen.findByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "guess");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many attempts. Try again in 1 min.");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeDisabled();
  });

  it("restores the session from the refresh cookie on page load", async () => {
    mockFetch({
      ...inboxHandlers(),
      "POST /api/v1/auth/refresh": () => jsonResponse(aTokenResponse(aUser({ name: "Ana Agent" }))),
    });
    const { router } = renderApp("/login");
    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/inbox");
    });
  });

  it("returns to login when the session ends, keeping the draft being typed", async () => {
    const conversation = aConversation({ id: 4, window_expires_at: new Date(Date.now() + 3_600_000 * 5).toISOString() });
    let sessionValid = true;
    const handlers = inboxHandlers({ conversations: [conversation] });
    mockFetch({
      ...handlers,
      "POST /api/v1/auth/refresh": () =>
        sessionValid
          ? jsonResponse(aTokenResponse())
          : problemResponse({ title: "Unauthorized", status: 401, code: "invalid_refresh_token" }),
      "POST /api/v1/auth/login": () => {
        sessionValid = true;
        return jsonResponse(aTokenResponse(aUser(), "access-2"));
      },
      "PATCH /api/v1/conversations/4": () =>
        sessionValid ? jsonResponse(conversation) : problemResponse({ title: "Unauthorized", status: 401, code: "invalid_token" }),
    });
    signIn();
    const { user, router } = renderApp("/inbox/4");

    const box = await screen.findByRole("textbox", { name: "Message" });
    await user.type(box, "Your order ships tomorrow");

    // The session ends on the server; the next request finds out.
    sessionValid = false;
    await user.selectOptions(screen.getByRole("combobox", { name: "Status" }), "pending");

    expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");

    await user.type(screen.getByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("textbox", { name: "Message" })).toHaveValue("Your order ships tomorrow");
    expect(router.state.location.pathname).toBe("/inbox/4");
  });

  it("logs out from the account menu and forgets drafts", async () => {
    const fetch = mockFetch({
      ...inboxHandlers(),
      "POST /api/v1/auth/logout": () => new Response(null, { status: 204 }),
    });
    localStorage.setItem("winmessages.draft.1", "secret draft");
    signIn(aUser({ name: "Ana Agent" }));
    const { user, router } = renderApp("/inbox");

    await user.click(await screen.findByRole("button", { name: "Account menu for Ana Agent" }));
    await user.click(await screen.findByRole("menuitem", { name: "Log out" }));

    expect(await screen.findByText("You are signed out.")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
    expect(localStorage.getItem("winmessages.draft.1")).toBeNull();
    expect(fetch.mock.calls.some(([r]) => (r as Request).url.endsWith("/api/v1/auth/logout"))).toBe(true);
  });
});
