import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-client";
import { jsonResponse, mockFetch, problemResponse } from "@/testing/mock-fetch";
import { getReadiness } from "./get-readiness";

describe("getReadiness", () => {
  it("resolves with the readiness document when ready", async () => {
    mockFetch({ "GET /readyz": () => jsonResponse({ status: "ready", database: "sqlite" }) });
    await expect(getReadiness()).resolves.toEqual({
      ready: true,
      readiness: { status: "ready", database: "sqlite" },
    });
  });

  it("resolves with the problem when the server answers 503", async () => {
    mockFetch({
      "GET /readyz": () =>
        problemResponse({ title: "Service Unavailable", status: 503, detail: "database down", code: "not_ready" }),
    });
    const result = await getReadiness();
    if (result.ready) throw new Error("expected a not-ready result");
    expect(result.problem).toMatchObject({ status: 503, code: "not_ready", detail: "database down" });
  });

  it("rejects with an ApiError on other failures", async () => {
    mockFetch({
      "GET /readyz": () => problemResponse({ title: "Internal Server Error", status: 500, code: "internal" }),
    });
    const failure = getReadiness();
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 500, message: "Internal Server Error" });
  });
});
