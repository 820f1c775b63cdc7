import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/mock-fetch";
import { renderApp } from "@/testing/test-utils";

describe("not-found route", () => {
  it("renders for unknown paths and links back to the status page", async () => {
    const fetch = mockFetch({
      "GET /healthz": () => jsonResponse({ status: "ok", version: "0.4.2" }),
      "GET /readyz": () => jsonResponse({ status: "ready", database: "sqlite" }),
    });

    const { user, router } = renderApp("/no/such/page");

    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
    expect(screen.getByText("/no/such/page")).toBeInTheDocument();
    expect(document.title).toBe("Page not found · WinMessages");
    expect(fetch).not.toHaveBeenCalled();

    await user.click(screen.getByRole("link", { name: "Back to the status page" }));

    expect(router.state.location.pathname).toBe("/");
    expect(screen.getByRole("heading", { level: 1, name: "WinMessages" })).toBeInTheDocument();
    expect(await screen.findByText("0.4.2")).toBeInTheDocument();
    expect(document.title).toBe("Server status · WinMessages");
  });
});
