import { describe, expect, it } from "vitest";
import { aMessage } from "@/testing/fixtures";
import type { MessagePage } from "@/types/api";
import { applyBusinessReaction, businessReaction, placeholderMessage, storeMessage, withOutgoing, type PendingSend } from "./optimistic";

const at = (minute: number) => `2026-11-25T09:${String(minute).padStart(2, "0")}:00Z`;
const stored = (id: number, minute: number) => aMessage({ id, conversation_id: 5, timestamp: at(minute), created_at: at(minute) });
const pending = (key: string, minute: number, body = "Hi"): PendingSend => ({
  conversationId: 5,
  message: { type: "text", text: { body } },
  idempotencyKey: key,
  createdAt: at(minute),
});
const ids = (pages: MessagePage[]) => pages.flatMap((page) => page.items.map((item) => item.id));

describe("optimistic sending", () => {
  it("a placeholder is an outbound, pending message with a negative id, quoting what the reply quotes", () => {
    const message = placeholderMessage({
      ...pending("key-1", 10),
      message: { type: "text", text: { body: "On my way" }, reply_to_message_id: 40 },
    });
    expect(message).toMatchObject({
      conversation_id: 5,
      direction: "outbound",
      type: "text",
      status: "pending",
      text: { body: "On my way" },
      context: { message_id: 40 },
      timestamp: at(10),
    });
    expect(message.id).toBeLessThan(0);
    expect(placeholderMessage(pending("key-1", 10)).id).toBe(message.id);
  });

  it("a media placeholder draws the uploaded file with its caption", () => {
    const message = placeholderMessage({
      ...pending("key-2", 10),
      message: { type: "image", image: { media_id: 77, caption: "Receipt" } },
      media: { id: 77, mime_type: "image/png", filename: "r.png", size_bytes: 10 },
    });
    expect(message.media).toMatchObject({ id: 77, status: "stored", caption: "Receipt", mime_type: "image/png" });
    expect(message.text).toBeNull();
  });

  it("a template placeholder carries the template, so the thread names it at once", () => {
    const template = { name: "order_update", language: { code: "en_US" }, components: [] } as unknown as Record<string, never>;
    const message = placeholderMessage({ ...pending("key-3", 10), message: { type: "template", template } });
    expect(message).toMatchObject({ type: "template", status: "pending", template, text: null });
  });

  it("placeholders and fresh answers go on top of the first page, newest first", () => {
    const pages: MessagePage[] = [{ items: [stored(2, 2), stored(1, 1)], next_cursor: "older" }, { items: [stored(0, 0)], next_cursor: null }];
    const merged = withOutgoing(pages, [stored(3, 3)], [pending("b", 5), pending("a", 4)]);
    const placeholderB = placeholderMessage(pending("b", 5)).id;
    const placeholderA = placeholderMessage(pending("a", 4)).id;
    expect(ids(merged)).toEqual([placeholderB, placeholderA, 3, 2, 1, 0]);
    expect(merged[0]?.next_cursor).toBe("older");
  });

  it("an answer the thread already holds is not drawn twice, nor one older than the loaded page", () => {
    const pages: MessagePage[] = [{ items: [stored(3, 3), stored(2, 2)], next_cursor: "older" }];
    expect(ids(withOutgoing(pages, [stored(3, 3), stored(1, 1)], []))).toEqual([3, 2]);
    expect(withOutgoing([], [], [])).toEqual([]);
  });

  it("stores the server's answer in place, or on top when it is new", () => {
    const pages: MessagePage[] = [{ items: [stored(2, 2), stored(1, 1)], next_cursor: null }];
    const updated = storeMessage(pages, { ...stored(2, 2), status: "read" });
    expect(updated[0]?.items[0]?.status).toBe("read");
    expect(ids(storeMessage(pages, stored(9, 9)))).toEqual([9, 2, 1]);
  });

  it("sets, replaces and removes the business's reaction, keeping the customer's", () => {
    const target = aMessage({ id: 7, reactions: [{ emoji: "❤️", reactor: "contact", reacted_at: at(1) }] });
    let pages: MessagePage[] = [{ items: [target], next_cursor: null }];
    pages = applyBusinessReaction(pages, 7, "👍", at(2));
    expect(pages[0]?.items[0] && businessReaction(pages[0].items[0])).toBe("👍");
    pages = applyBusinessReaction(pages, 7, "🙏", at(3));
    expect(pages[0]?.items[0]?.reactions.map((r) => r.emoji)).toEqual(["❤️", "🙏"]);
    pages = applyBusinessReaction(pages, 7, "", at(4));
    expect(pages[0]?.items[0]?.reactions).toEqual(target.reactions);
    expect(pages[0]?.items[0] && businessReaction(pages[0].items[0])).toBeNull();
  });
});
