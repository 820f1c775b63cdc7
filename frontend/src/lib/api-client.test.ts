import { describe, expect, it, vi } from "vitest";
import { jsonResponse, mockFetch, problemResponse } from "@/testing/mock-fetch";
import { ApiError, api, createApiClient, defaultBaseUrl, describeError, isProblem, toApiError } from "./api-client";

describe("api client", () => {
  it("sends requests to the page's origin", async () => {
    expect(defaultBaseUrl()).toBe(window.location.origin);
    const fetch = mockFetch({
      "GET /healthz": () => jsonResponse({ status: "ok", version: "1.2.3" }),
    });

    const { data, error, response } = await api.GET("/healthz");

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({ status: "ok", version: "1.2.3" });
    expect(fetch).toHaveBeenCalledTimes(1);
    const request = fetch.mock.calls[0]?.[0];
    expect(request).toBeInstanceOf(Request);
    expect((request as Request).url).toBe(`${window.location.origin}/healthz`);
    expect((request as Request).method).toBe("GET");
    expect((request as Request).headers.get("accept")).toContain("application/problem+json");
  });

  it("uses the fetch in place at request time", async () => {
    const client = createApiClient({ baseUrl: "http://api.test/" });
    const first = mockFetch({ "GET /readyz": () => jsonResponse({ status: "ready", database: "sqlite" }) });
    await client.GET("/readyz");
    const second = mockFetch({ "GET /readyz": () => jsonResponse({ status: "ready", database: "sqlite" }) });
    await client.GET("/readyz");

    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    expect((second.mock.calls[0]?.[0] as Request).url).toBe("http://api.test/readyz");
  });

  it("prefers an injected fetch", async () => {
    const injected = vi.fn((request: Request) => {
      expect(request.url).toBe("http://api.test/healthz");
      return Promise.resolve(jsonResponse({ status: "ok", version: "9.9.9" }));
    });
    const global = mockFetch({});
    const client = createApiClient({ baseUrl: "http://api.test", fetch: injected });

    const { data } = await client.GET("/healthz");

    expect(data?.version).toBe("9.9.9");
    expect(injected).toHaveBeenCalledTimes(1);
    expect(global).not.toHaveBeenCalled();
  });

  it("returns problem documents as errors and turns them into ApiError", async () => {
    mockFetch({
      "GET /readyz": () =>
        problemResponse({ title: "Service Unavailable", status: 503, detail: "database down", code: "not_ready" }),
    });

    const { data, error, response } = await api.GET("/readyz");

    expect(data).toBeUndefined();
    expect(response.status).toBe(503);
    expect(isProblem(error)).toBe(true);
    const apiError = toApiError(response, error);
    expect(apiError).toBeInstanceOf(ApiError);
    expect(apiError.status).toBe(503);
    expect(apiError.problem?.code).toBe("not_ready");
    expect(apiError.message).toBe("database down");
    expect(describeError(apiError)).toBe("database down");
  });

  it("describes errors without a problem document", () => {
    const bare = toApiError(new Response("oops", { status: 502 }), "oops");
    expect(bare.problem).toBeNull();
    expect(bare.message).toBe("Request failed with status 502");
    expect(describeError(new TypeError("Failed to fetch"))).toBe("The server could not be reached.");
    expect(describeError("weird")).toBe("Something went wrong.");
  });
});
