import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch, problemResponse, requestedUrls } from "@/testing/mock-fetch";
import { renderApp } from "@/testing/test-utils";

/** The value shown next to a term of the status list, e.g. `valueOf("Version")`. */
function valueOf(term: string): HTMLElement {
  const region = screen.getByRole("status");
  const dt = within(region).getByText(term, { selector: "dt" });
  const dd = dt.nextElementSibling;
  if (!(dd instanceof HTMLElement)) throw new Error(`No value for ${term}`);
  return dd;
}

describe("status page", () => {
  it("shows the version and the status of the server and database", async () => {
    const fetch = mockFetch({
      "GET /healthz": () => jsonResponse({ status: "ok", version: "0.4.2" }),
      "GET /readyz": () => jsonResponse({ status: "ready", database: "postgresql" }),
    });

    renderApp("/status");

    expect(screen.getByRole("heading", { level: 1, name: "WinMessages" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: "Server status" })).toBeInTheDocument();
    const region = screen.getByRole("status");
    expect(region).toHaveAttribute("aria-live", "polite");
    expect(region).toHaveAttribute("aria-busy", "true");
    expect(region).toHaveTextContent("Checking the server…");

    expect(await within(region).findByText("0.4.2")).toBeInTheDocument();
    expect(region).toHaveAttribute("aria-busy", "false");
    expect(valueOf("Server")).toHaveTextContent("ok");
    expect(await within(region).findByText("PostgreSQL")).toBeInTheDocument();
    expect(valueOf("Database")).toHaveTextContent("ready");
    expect(within(valueOf("Database")).getByText("ready")).toHaveAttribute("data-tone", "ok");

    expect(requestedUrls(fetch).sort()).toEqual([
      "http://localhost:3000/healthz",
      "http://localhost:3000/readyz",
    ]);
  });

  it("shows an error when /healthz fails", async () => {
    mockFetch({
      "GET /healthz": () =>
        problemResponse({
          title: "Internal Server Error",
          status: 500,
          detail: "health check crashed",
          code: "internal",
        }),
      "GET /readyz": () => jsonResponse({ status: "ready", database: "sqlite" }),
    });

    renderApp("/status");

    const region = screen.getByRole("status");
    expect(await within(region).findByText("The health check failed.")).toBeInTheDocument();
    expect(region).toHaveTextContent("health check crashed");
    expect(within(region).queryByText("Version")).not.toBeInTheDocument();
  });

  it("explains a network failure", async () => {
    mockFetch({
      "GET /healthz": () => Promise.reject(new TypeError("Failed to fetch")),
      "GET /readyz": () => Promise.reject(new TypeError("Failed to fetch")),
    });

    renderApp("/status");

    const region = screen.getByRole("status");
    expect(await within(region).findByText("The health check failed.")).toBeInTheDocument();
    expect(region).toHaveTextContent("The server could not be reached.");
  });

  it("shows the database as unavailable when /readyz answers 503", async () => {
    mockFetch({
      "GET /healthz": () => jsonResponse({ status: "ok", version: "0.4.2" }),
      "GET /readyz": () =>
        problemResponse({
          title: "Service Unavailable",
          status: 503,
          detail: "database connection refused",
          code: "not_ready",
        }),
    });

    renderApp("/status");

    const region = screen.getByRole("status");
    expect(await within(region).findByText("database connection refused")).toBeInTheDocument();
    expect(valueOf("Server")).toHaveTextContent("ok");
    expect(valueOf("Database")).toHaveTextContent("unavailable");
    expect(within(valueOf("Database")).getByText("unavailable")).toHaveAttribute("data-tone", "danger");
  });

  it("checks again on request", async () => {
    let version = "0.4.2";
    const fetch = mockFetch({
      "GET /healthz": () => jsonResponse({ status: "ok", version }),
      "GET /readyz": () => jsonResponse({ status: "ready", database: "sqlite" }),
    });

    const { user } = renderApp("/status");
    const region = screen.getByRole("status");
    expect(await within(region).findByText("0.4.2")).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.getByRole("button", { name: "Check again" })).toBeEnabled();
    });

    version = "0.5.0";
    await user.click(screen.getByRole("button", { name: "Check again" }));

    expect(await within(region).findByText("0.5.0")).toBeInTheDocument();
    expect(requestedUrls(fetch).filter((url) => url.endsWith("/healthz"))).toHaveLength(2);
  });
});
