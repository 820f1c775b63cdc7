import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockFetch } from "@/testing/mock-fetch";
import { renderApp } from "@/testing/test-utils";

describe("not-found route", () => {
  it("renders for unknown paths without asking the server", () => {
    const fetch = mockFetch({});

    renderApp("/no/such/page");

    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
    expect(screen.getByText("/no/such/page")).toBeInTheDocument();
    expect(document.title).toBe("Page not found · WinMessages");
    expect(screen.getByRole("link", { name: "Back to WinMessages" })).toHaveAttribute("href", "/");
    expect(fetch).not.toHaveBeenCalled();
  });
});
