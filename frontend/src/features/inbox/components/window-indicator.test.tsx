import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useServiceWindow } from "../hooks/use-service-window";
import { WindowIndicator } from "./window-indicator";

/** Lets time pass a second at a time, so each timer the hook re-arms gets its turn. */
function pass(ms: number) {
  for (let elapsed = 0; elapsed < ms; elapsed += 1000) {
    act(() => {
      vi.advanceTimersByTime(Math.min(1000, ms - elapsed));
    });
  }
}

function Countdown({ expiresAt }: { expiresAt: string }) {
  return <WindowIndicator window={useServiceWindow(expiresAt)} />;
}

describe("window countdown", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts down to window_expires_at, turns urgent, then closes", () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2026-11-25T12:00:00Z"));
    render(<Countdown expiresAt="2026-11-25T13:00:30Z" />);
    expect(screen.getByText(/Window closes in 1 h/)).toHaveAttribute("data-window", "open");

    pass(60_000);
    expect(screen.getByText(/Window closes in 59 min/)).toHaveAttribute("data-window", "urgent");

    pass(59 * 60_000 + 15_000);
    expect(screen.getByText(/Window closes in 15 s/)).toBeInTheDocument();

    pass(15_000);
    expect(screen.getByText(/The 24-hour window is closed/)).toHaveAttribute("data-window", "closed");
  });
});
