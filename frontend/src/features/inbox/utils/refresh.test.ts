import { describe, expect, it } from "vitest";
import { aMessage } from "@/testing/fixtures";
import type { Message } from "@/types/api";
import { THREAD_ACTIVE_REFRESH_MS, THREAD_IDLE_REFRESH_MS, threadRefreshInterval } from "./refresh";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const page = (...items: Message[]) => [{ items, next_cursor: null }];

describe("thread polling", () => {
  it("is quick while a reply is queued or its ticks are moving", () => {
    expect(threadRefreshInterval(page(aMessage({ direction: "outbound", status: "pending", created_at: ago(3_600_000) })), NOW)).toBe(
      THREAD_ACTIVE_REFRESH_MS,
    );
    expect(threadRefreshInterval(page(aMessage({ direction: "outbound", status: "delivered", created_at: ago(30_000) })), NOW)).toBe(
      THREAD_ACTIVE_REFRESH_MS,
    );
  });

  it("is slow once read, failed, long ago, or for inbound messages and reactions", () => {
    for (const message of [
      aMessage({ direction: "outbound", status: "read", created_at: ago(1000) }),
      aMessage({ direction: "outbound", status: "failed", created_at: ago(1000) }),
      aMessage({ direction: "outbound", status: "delivered", created_at: ago(10 * 60_000) }),
      aMessage({ direction: "outbound", type: "reaction", status: "sent", created_at: ago(1000) }),
      aMessage({ created_at: ago(1000) }),
    ]) {
      expect(threadRefreshInterval(page(message), NOW)).toBe(THREAD_IDLE_REFRESH_MS);
    }
    expect(threadRefreshInterval([], NOW)).toBe(THREAD_IDLE_REFRESH_MS);
  });
});
