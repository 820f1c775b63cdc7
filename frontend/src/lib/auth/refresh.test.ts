import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "@/lib/api-client";
import { jsonResponse, mockFetch, problemResponse } from "@/testing/mock-fetch";
import { aTokenResponse, aUser } from "@/testing/fixtures";
import { refreshAccessToken, REFRESH_MARGIN_MS, scheduleRefresh } from "./refresh";
import { getAccessToken, getSessionState, startSession } from "./session-store";

function bearer(request: Request): string | null {
  return request.headers.get("Authorization");
}

describe("token refresh", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends the access token and refreshes once for concurrent 401s", async () => {
    startSession(aTokenResponse(aUser(), "old"));
    let refreshes = 0;
    const seen: (string | null)[] = [];
    mockFetch({
      "POST /api/v1/auth/refresh": async () => {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return jsonResponse(aTokenResponse(aUser(), "new"));
      },
      "GET /api/v1/me": (request) => {
        seen.push(bearer(request));
        return bearer(request) === "Bearer new"
          ? jsonResponse({ kind: "user", role: "agent", user: aUser() })
          : problemResponse({ title: "Unauthorized", status: 401, code: "invalid_token" });
      },
    });

    const results = await Promise.all([api.GET("/api/v1/me"), api.GET("/api/v1/me"), api.GET("/api/v1/me")]);

    expect(refreshes).toBe(1);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(seen.filter((h) => h === "Bearer old")).toHaveLength(3);
    expect(seen.filter((h) => h === "Bearer new")).toHaveLength(3);
    expect(getAccessToken()).toBe("new");
  });

  it("does not refresh again for a 401 of a request sent with a token already replaced", async () => {
    startSession(aTokenResponse(aUser(), "old"));
    let refreshes = 0;
    mockFetch({
      "POST /api/v1/auth/refresh": () => {
        refreshes += 1;
        return jsonResponse(aTokenResponse(aUser(), "new"));
      },
      "GET /api/v1/me": (request) => {
        if (bearer(request) === "Bearer old") {
          // The token changes while this request is on its way.
          startSession(aTokenResponse(aUser(), "newer"));
          return problemResponse({ title: "Unauthorized", status: 401, code: "invalid_token" });
        }
        return jsonResponse({ kind: "user", role: "agent", user: aUser() });
      },
    });

    const { response } = await api.GET("/api/v1/me");

    expect(response.status).toBe(200);
    expect(refreshes).toBe(0);
  });

  it("ends the session as expired when the refresh cookie is refused", async () => {
    startSession(aTokenResponse(aUser(), "old"));
    mockFetch({
      "POST /api/v1/auth/refresh": () =>
        problemResponse({ title: "Unauthorized", status: 401, code: "invalid_refresh_token" }),
      "GET /api/v1/me": () => problemResponse({ title: "Unauthorized", status: 401, code: "invalid_token" }),
    });

    const { response } = await api.GET("/api/v1/me");

    expect(response.status).toBe(401);
    expect(getSessionState()).toEqual({ status: "signed-out", reason: "expired" });
    expect(getAccessToken()).toBeNull();
  });

  it("treats a refused cookie on page load as not signed in", async () => {
    mockFetch({
      "POST /api/v1/auth/refresh": () =>
        problemResponse({ title: "Unauthorized", status: 401, code: "invalid_refresh_token" }),
    });
    await expect(refreshAccessToken()).resolves.toBeNull();
    expect(getSessionState()).toEqual({ status: "signed-out", reason: "none" });
  });

  it("refreshes silently shortly before the access token expires", async () => {
    vi.useFakeTimers();
    const fetch = mockFetch({
      "POST /api/v1/auth/refresh": () => jsonResponse(aTokenResponse(aUser(), "renewed", 900)),
    });
    startSession(aTokenResponse(aUser(), "first", 900));
    scheduleRefresh();

    await vi.advanceTimersByTimeAsync(900_000 - REFRESH_MARGIN_MS - 1000);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2000);

    expect(fetch).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBe("renewed");
  });

  it("never sends the access token to the auth endpoints", async () => {
    startSession(aTokenResponse(aUser(), "old"));
    const fetch = mockFetch({
      "POST /api/v1/auth/refresh": () => jsonResponse(aTokenResponse(aUser(), "new")),
    });
    await refreshAccessToken();
    const request = fetch.mock.calls[0]?.[0] as Request;
    expect(bearer(request)).toBeNull();
    expect(request.credentials).toBe("same-origin");
  });
});
