import { describe, expect, it } from "vitest";
import { prettyBody } from "../utils/pretty-body";
import { apiCallQueryParams, NO_API_CALL_FILTERS } from "./api-calls";

describe("API-call filters", () => {
  it("no filter asks for everything", () => {
    expect(apiCallQueryParams(NO_API_CALL_FILTERS)).toEqual({});
  });

  it("maps every filter to its query parameter; times are sent as instants", () => {
    const since = "2026-11-25T09:00";
    const until = "2026-11-25T18:30";
    expect(
      apiCallQueryParams({ accountId: "2", method: "POST", status: "400", errorsOnly: true, since, until }),
    ).toEqual({
      account_id: 2,
      method: "POST",
      status: 400,
      errors_only: true,
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
    });
  });

  it("leaves out a status still being typed or not an HTTP status", () => {
    for (const status of ["4", "40", "4000", "abc", "99", "600"]) {
      expect(apiCallQueryParams({ ...NO_API_CALL_FILTERS, status })).toEqual({});
    }
  });
});

describe("recorded bodies", () => {
  it("JSON is indented; other text is shown as it is; nothing is null", () => {
    expect(prettyBody('{"error":{"code":190,"message":"Invalid token"}}')).toBe(
      '{\n  "error": {\n    "code": 190,\n    "message": "Invalid token"\n  }\n}',
    );
    expect(prettyBody("image/jpeg, 48213 bytes")).toBe("image/jpeg, 48213 bytes");
    expect(prettyBody("")).toBeNull();
    expect(prettyBody(null)).toBeNull();
  });
});
