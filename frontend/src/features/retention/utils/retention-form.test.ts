import { describe, expect, it } from "vitest";
import {
  defaultChoiceLabel,
  describePeriod,
  parseDays,
  toFormValues,
  toRetentionPeriods,
  validateRetention,
  type RetentionFormValues,
} from "./retention-form";

const allDefault = (): RetentionFormValues => toFormValues({});

describe("retention form", () => {
  it("reads the organization's settings: null or absent is the default, keep, or days", () => {
    const values = toFormValues({ messages: 400, media: "keep", webhook_payloads: null });
    expect(values.messages).toEqual({ choice: "days", days: "400" });
    expect(values.media).toEqual({ choice: "keep", days: "" });
    expect(values.webhook_payloads).toEqual({ choice: "default", days: "" });
    expect(values.audit_log).toEqual({ choice: "default", days: "" });
  });

  it("writes every data type, null for the platform default", () => {
    const values = { ...allDefault(), messages: { choice: "days", days: " 400 " }, media: { choice: "keep", days: "30" } } as const;
    expect(toRetentionPeriods(values)).toEqual({
      messages: 400,
      media: "keep",
      webhook_payloads: null,
      api_calls: null,
      access_logs: null,
      audit_log: null,
    });
  });

  it("round-trips what it reads", () => {
    const settings = { messages: 1, media: 36_500, webhook_payloads: "keep", api_calls: null, access_logs: null, audit_log: 90 } as const;
    expect(toRetentionPeriods(toFormValues(settings))).toEqual(settings);
  });

  it("accepts whole numbers of days from 1 to 36,500 only", () => {
    expect(parseDays("1")).toBe(1);
    expect(parseDays("36500")).toBe(36_500);
    for (const bad of ["", "0", "36501", "-3", "1.5", "1e3", "ten", " "]) expect(parseDays(bad)).toBeNull();
  });

  it("reports an error per data type whose days are missing or out of range", () => {
    const values: RetentionFormValues = {
      ...allDefault(),
      messages: { choice: "days", days: "" },
      media: { choice: "days", days: "0" },
      api_calls: { choice: "days", days: "36501" },
      audit_log: { choice: "days", days: "365" },
      // Days typed before choosing "keep" are ignored.
      access_logs: { choice: "keep", days: "abc" },
    };
    expect(validateRetention(values)).toEqual({
      messages: "Enter a number of days.",
      media: "Enter a whole number of days from 1 to 36,500.",
      api_calls: "Enter a whole number of days from 1 to 36,500.",
    });
    expect(validateRetention(allDefault())).toEqual({});
  });

  it("describes periods in words", () => {
    expect(describePeriod(1)).toBe("1 day");
    expect(describePeriod(1095)).toBe("1,095 days");
    expect(describePeriod("keep")).toBe("Kept forever");
    expect(defaultChoiceLabel(365)).toBe("Platform default (365 days)");
    expect(defaultChoiceLabel("keep")).toBe("Platform default (keep forever)");
  });
});
