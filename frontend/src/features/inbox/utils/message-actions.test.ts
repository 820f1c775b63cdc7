import { describe, expect, it } from "vitest";
import { aMessage } from "@/testing/fixtures";
import type { MessageStatus } from "@/types/api";
import { canQuote, canRetry, sendsOnKey } from "./message-actions";

const key = (key: string, shiftKey = false, isComposing = false) => ({ key, shiftKey, nativeEvent: { isComposing } as KeyboardEvent });

describe("composer keys", () => {
  it("Enter sends; Shift+Enter, other keys and IME composition do not", () => {
    expect(sendsOnKey(key("Enter"))).toBe(true);
    expect(sendsOnKey(key("Enter", true))).toBe(false);
    expect(sendsOnKey(key("Enter", false, true))).toBe(false);
    expect(sendsOnKey(key("a"))).toBe(false);
  });
});

describe("message actions", () => {
  it("Retry is offered for failed and unconfirmed outbound messages only", () => {
    const outbound = (status: MessageStatus) => aMessage({ direction: "outbound", status });
    expect(canRetry(outbound("failed"))).toBe(true);
    expect(canRetry(outbound("unknown"))).toBe(true);
    for (const status of ["pending", "sent", "delivered", "read"] as const) expect(canRetry(outbound(status))).toBe(false);
    expect(canRetry(aMessage({ direction: "inbound", status: "failed" }))).toBe(false);
    // A placeholder has no server id yet.
    expect(canRetry(aMessage({ id: -5, direction: "outbound", status: "failed" }))).toBe(false);
  });

  it("only messages that reached WhatsApp can be quoted or reacted to", () => {
    expect(canQuote(aMessage())).toBe(true);
    expect(canQuote(aMessage({ wamid: null, direction: "outbound", status: "pending" }))).toBe(false);
    expect(canQuote(aMessage({ id: -1 }))).toBe(false);
    expect(canQuote(aMessage({ deleted: true }))).toBe(false);
    expect(canQuote(aMessage({ type: "reaction" }))).toBe(false);
  });
});
