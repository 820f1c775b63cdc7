import { afterEach, describe, expect, it, vi } from "vitest";
import { countUnseen, getUnseenCount, noteInboundMessages, resetUnseen, titleWithBadge, watchVisibility } from "./unseen-messages";

function setVisibility(state: DocumentVisibilityState) {
  vi.spyOn(document, "visibilityState", "get").mockReturnValue(state);
  document.dispatchEvent(new Event("visibilitychange"));
}

afterEach(() => {
  vi.restoreAllMocks();
  resetUnseen();
});

describe("countUnseen", () => {
  it("adds messages only while the tab is hidden, and is zero while it is visible", () => {
    expect(countUnseen(0, 1, true)).toBe(1);
    expect(countUnseen(2, 3, true)).toBe(5);
    expect(countUnseen(5, 1, false)).toBe(0);
    expect(countUnseen(5, 0, true)).toBe(5);
    expect(countUnseen(1, -2, true)).toBe(1);
  });
});

describe("titleWithBadge", () => {
  it("puts the count in front, capped at 99+", () => {
    expect(titleWithBadge("WinMessages", 0)).toBe("WinMessages");
    expect(titleWithBadge("Inbox · WinMessages", 3)).toBe("(3) Inbox · WinMessages");
    expect(titleWithBadge("WinMessages", 120)).toBe("(99+) WinMessages");
  });
});

describe("the unseen counter", () => {
  it("counts inbound messages while hidden and resets when the tab is shown", () => {
    const stop = watchVisibility();
    setVisibility("visible");
    noteInboundMessages(2);
    expect(getUnseenCount()).toBe(0);
    setVisibility("hidden");
    noteInboundMessages(1);
    noteInboundMessages(2);
    expect(getUnseenCount()).toBe(3);
    setVisibility("visible");
    expect(getUnseenCount()).toBe(0);
    stop();
  });
});
