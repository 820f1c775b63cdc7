import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";
import { resetRefresh } from "@/lib/auth/refresh";
import { resetSession } from "@/lib/auth/session-store";

// jsdom lays nothing out: give scroll containers a size so virtualised lists render rows.
Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 400 });
// jsdom has no scrollIntoView / scrollTo on elements: scrolling does nothing there.
HTMLElement.prototype.scrollIntoView = vi.fn();
HTMLElement.prototype.scrollTo = vi.fn();

beforeEach(() => {
  resetRefresh();
  resetSession();
  localStorage.clear();
});

afterEach(() => {
  cleanup();
  resetRefresh();
});
