import { afterEach, describe, expect, it, vi } from "vitest";
import { formatClock, formatDateTime, formatDay, formatListTime } from "./format";

const NOW = new Date(2026, 10, 26, 15, 30);
const daysAgo = (days: number, hour = 9) => new Date(2026, 10, 26 - days, hour, 5).toISOString();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("date formats", () => {
  it("formats list times as the browser's own toLocale… methods do", () => {
    const today = daysAgo(0);
    const lastWeek = daysAgo(3);
    const longAgo = daysAgo(40);
    expect(formatListTime(today, NOW)).toBe(
      new Date(today).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }),
    );
    expect(formatListTime(daysAgo(1), NOW)).toBe("Yesterday");
    expect(formatListTime(lastWeek, NOW)).toBe(new Date(lastWeek).toLocaleDateString(undefined, { weekday: "long" }));
    expect(formatListTime(longAgo, NOW)).toBe(
      new Date(longAgo).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" }),
    );
    expect(formatClock(today)).toBe(formatListTime(today, NOW));
  });

  it("formats days and date-times as the browser's own toLocale… methods do", () => {
    const longAgo = daysAgo(40);
    expect(formatDay(daysAgo(0), NOW)).toBe("Today");
    expect(formatDay(daysAgo(1), NOW)).toBe("Yesterday");
    const longDay = { weekday: "long", day: "numeric", month: "long", year: "numeric" } as const;
    expect(formatDay(longAgo, NOW)).toBe(new Date(longAgo).toLocaleDateString(undefined, longDay));
    expect(formatDateTime(longAgo)).toBe(
      new Date(longAgo).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }),
    );
  });

  // toLocale…String(locale, options) builds a formatter per call, and freeing their native
  // parts after garbage collections dropped frames in the conversation list, which formats
  // every row it draws.
  it("reuses one formatter per format instead of building one per call", () => {
    const construct = vi.spyOn(Intl, "DateTimeFormat");
    const perCall = [
      vi.spyOn(Date.prototype, "toLocaleString"),
      vi.spyOn(Date.prototype, "toLocaleDateString"),
      vi.spyOn(Date.prototype, "toLocaleTimeString"),
    ];
    for (let day = 0; day < 200; day += 1) {
      formatListTime(daysAgo(day % 60, day % 24), NOW);
      formatDay(daysAgo(day % 60), NOW);
      formatDateTime(daysAgo(day % 60));
    }
    expect(construct.mock.calls.length).toBeLessThanOrEqual(5);
    for (const spy of perCall) expect(spy).not.toHaveBeenCalled();
  });
});
