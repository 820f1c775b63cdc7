import { describe, expect, it } from "vitest";
import type { AccessGrant } from "@/types/api";
import { grantStatus, toNewAccessGrant, validateGrant } from "./grant-form";

const T = "2026-11-25T09:00:00Z";
const grant: AccessGrant = {
  id: 1,
  organization_id: 1,
  kind: "grant",
  reason: "Ticket #4711",
  created_by: 1,
  created_at: T,
  expires_at: "2026-11-25T13:00:00Z",
  revoked_at: null,
  revoked_by: null,
  active: true,
};

describe("the grant form", () => {
  it("accepts 1 to 72 whole hours and a reason, trimmed", () => {
    expect(validateGrant({ hours: "1", reason: "Ticket #4711" })).toEqual({});
    expect(validateGrant({ hours: " 72 ", reason: "x" })).toEqual({});
    expect(toNewAccessGrant({ hours: " 24 ", reason: "  Ticket #4711 " })).toEqual({ hours: 24, reason: "Ticket #4711" });
  });

  it("refuses hours out of range or not whole, and a blank or too long reason", () => {
    for (const hours of ["", "0", "73", "1.5", "-1", "abc"]) {
      expect(validateGrant({ hours, reason: "Ticket" })).toEqual({ hours: "Enter a whole number of hours from 1 to 72." });
    }
    expect(validateGrant({ hours: "4", reason: "   " })).toEqual({ reason: "Say why staff need access, e.g. the support ticket." });
    expect(validateGrant({ hours: "4", reason: "x".repeat(501) })).toEqual({ reason: "At most 500 characters." });
  });
});

describe("a grant's status", () => {
  it("is active, expired, or revoked (even once past its end)", () => {
    expect(grantStatus(grant)).toBe("active");
    expect(grantStatus({ ...grant, active: false })).toBe("expired");
    expect(grantStatus({ ...grant, active: false, revoked_at: T, revoked_by: 1 })).toBe("revoked");
  });
});
