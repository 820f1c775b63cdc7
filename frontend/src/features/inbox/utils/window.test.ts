import { describe, expect, it } from "vitest";
import { nextWindowTick, serviceWindow } from "./window";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const inMs = (ms: number) => new Date(NOW + ms).toISOString();

describe("service window", () => {
  it("counts down hours and minutes while open", () => {
    const window = serviceWindow(inMs((3 * 60 + 12) * 60_000 + 30_000), NOW);
    expect(window).toMatchObject({ open: true, label: "Window closes in 3 h 12 min", urgent: false });
  });

  it("turns urgent in the last hour and counts seconds in the last minute", () => {
    expect(serviceWindow(inMs(59 * 60_000), NOW)).toMatchObject({ urgent: true, label: "Window closes in 59 min" });
    expect(serviceWindow(inMs(42_000), NOW)).toMatchObject({ label: "Window closes in 42 s" });
  });

  it("is closed once expired, or before any customer message", () => {
    expect(serviceWindow(inMs(-1), NOW)).toEqual({
      open: false,
      label: "The 24-hour window is closed: only templates can be sent.",
    });
    expect(serviceWindow(null, NOW).open).toBe(false);
    expect(serviceWindow("not a date", NOW).open).toBe(false);
  });

  it("schedules the next update when the label changes", () => {
    expect(nextWindowTick(serviceWindow(inMs(5 * 60_000 + 20_000), NOW))).toBe(20_001);
    expect(nextWindowTick(serviceWindow(inMs(5 * 60_000), NOW))).toBe(1);
    expect(nextWindowTick(serviceWindow(inMs(30_000), NOW))).toBe(1000);
    expect(nextWindowTick(serviceWindow(inMs(400), NOW))).toBe(400);
    expect(nextWindowTick(serviceWindow(inMs(-1), NOW))).toBeNull();
  });
});
