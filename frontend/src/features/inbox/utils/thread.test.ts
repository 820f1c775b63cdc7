import { describe, expect, it } from "vitest";
import { aMessage } from "@/testing/fixtures";
import { buildThread, indexMessages } from "./thread";

describe("thread", () => {
  it("puts pages (newest first) in reading order, grouped by day", () => {
    const pages = [
      { items: [aMessage({ id: 3, timestamp: "2026-11-25T10:00:00Z" }), aMessage({ id: 2, timestamp: "2026-11-25T09:00:00Z" })], next_cursor: "c" },
      { items: [aMessage({ id: 1, timestamp: "2026-11-20T09:00:00Z" })], next_cursor: null },
    ];
    const days = buildThread(pages);
    expect(days.map((day) => day.messages.map((m) => m.id))).toEqual([[1], [2, 3]]);
  });

  it("draws reactions on their target and keeps only those whose target is not loaded", () => {
    const target = aMessage({ id: 1, wamid: "wamid.A" });
    const onLoaded = aMessage({ id: 2, type: "reaction", text: null, wamid: "wamid.R1", reaction: { message_id: "wamid.A", emoji: "👍" } as never });
    const onOlder = aMessage({ id: 3, type: "reaction", text: null, wamid: "wamid.R2", reaction: { message_id: "wamid.OLD", emoji: "❤️" } as never });
    const [day] = buildThread([{ items: [onOlder, onLoaded, target], next_cursor: null }]);
    expect(day?.messages.map((m) => m.id)).toEqual([1, 3]);
  });

  it("draws the team's sent reactions (target by our id) on their target, unless they failed to go out", () => {
    const target = aMessage({ id: 1, wamid: "wamid.A" });
    const sent = aMessage({ id: 2, direction: "outbound", type: "reaction", text: null, status: "sent", reaction: { message_id: 1, emoji: "👍" } as never });
    const failed = aMessage({ id: 3, direction: "outbound", type: "reaction", text: null, status: "failed", reaction: { message_id: 1, emoji: "🙏" } as never });
    const [day] = buildThread([{ items: [failed, sent, target], next_cursor: null }]);
    expect(day?.messages.map((m) => m.id)).toEqual([1, 3]);
  });

  it("finds quoted messages by id, else by wamid", () => {
    const quoted = aMessage({ id: 1, wamid: "wamid.Q" });
    const byId = aMessage({ id: 2, context: { message_id: 1, forwarded: false, frequently_forwarded: false } });
    const byWamid = aMessage({ id: 3, context: { wamid: "wamid.Q", forwarded: false, frequently_forwarded: false } });
    const missing = aMessage({ id: 4, context: { wamid: "wamid.GONE", forwarded: false, frequently_forwarded: false } });
    const index = indexMessages([{ items: [missing, byWamid, byId, quoted], next_cursor: null }]);
    expect(index.quoted(byId)?.id).toBe(1);
    expect(index.quoted(byWamid)?.id).toBe(1);
    expect(index.quoted(missing)).toBeNull();
    expect(index.quoted(quoted)).toBeNull();
  });
});
