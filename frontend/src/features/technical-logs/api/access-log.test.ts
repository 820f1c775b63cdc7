import { describe, expect, it } from "vitest";
import { aUser } from "@/testing/fixtures";
import { describeCaller } from "../utils/caller";
import { accessLogQueryParams, apiKeyCaller, NO_ACCESS_LOG_FILTERS, userCaller } from "./access-log";

const T = "2026-11-25T09:00:00Z";
const entry = { id: 1, created_at: T, method: "GET", path: "/api/v1/conversations", status: 200, duration_ms: 4 };

describe("access-log filters", () => {
  it("no filter asks for everything", () => {
    expect(accessLogQueryParams(NO_ACCESS_LOG_FILTERS)).toEqual({});
  });

  it("maps every filter to its query parameter; times are sent as instants", () => {
    const from = "2026-11-25T09:00";
    const to = "2026-11-25T18:30";
    expect(
      accessLogQueryParams({ caller: userCaller(7), method: "DELETE", status: "404", path: "/api/v1/contacts", from, to }),
    ).toEqual({
      user_id: 7,
      method: "DELETE",
      status: "404",
      path: "/api/v1/contacts",
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
  });

  it("an API key is asked for by its id", () => {
    expect(accessLogQueryParams({ ...NO_ACCESS_LOG_FILTERS, caller: apiKeyCaller(4) })).toEqual({ api_key_id: 4 });
  });

  it("a status class is sent as typed, in lower case", () => {
    expect(accessLogQueryParams({ ...NO_ACCESS_LOG_FILTERS, status: "4xx" })).toEqual({ status: "4xx" });
    expect(accessLogQueryParams({ ...NO_ACCESS_LOG_FILTERS, status: " 5XX " })).toEqual({ status: "5xx" });
  });

  it("leaves out a status still being typed or not an HTTP status, and a path not starting with /", () => {
    for (const status of ["4", "40", "4x", "4000", "abc", "099", "600", "6xx"]) {
      expect(accessLogQueryParams({ ...NO_ACCESS_LOG_FILTERS, status })).toEqual({});
    }
    for (const path of ["api/v1", "   ", "*"]) {
      expect(accessLogQueryParams({ ...NO_ACCESS_LOG_FILTERS, path })).toEqual({});
    }
    expect(accessLogQueryParams({ ...NO_ACCESS_LOG_FILTERS, caller: "user:abc", from: "not a time" })).toEqual({});
  });
});

describe("who made a request", () => {
  const olga = aUser({ id: 1, name: "Olga Owner", email: "olga@example.com" });
  const members = new Map([[olga.id, olga]]);

  it("a member is named; an unknown user and an API key by their id; else nobody", () => {
    expect(describeCaller({ ...entry, user_id: 1 }, members)).toEqual({ kind: "member", name: "Olga Owner", email: "olga@example.com" });
    expect(describeCaller({ ...entry, user_id: 99 }, members)).toEqual({ kind: "user", label: "User #99" });
    expect(describeCaller({ ...entry, api_key_id: 4 }, members)).toEqual({ kind: "api_key", label: "API key #4" });
    expect(describeCaller(entry, members)).toEqual({ kind: "anonymous" });
  });
});
