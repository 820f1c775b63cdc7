import type { KeyboardEvent } from "react";
import type { Message } from "@/types/api";

/** The emojis offered for a quick reaction, as in WhatsApp's own bar. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

/** Whether a key press in the text box sends: Enter alone, not while composing (IME). */
export function sendsOnKey(event: Pick<KeyboardEvent, "key" | "shiftKey" | "nativeEvent">): boolean {
  return event.key === "Enter" && !event.shiftKey && !(event.nativeEvent as { isComposing?: boolean }).isComposing;
}

/** Whether the agent can send a failed or unconfirmed message again. */
export function canRetry(message: Message): boolean {
  return message.direction === "outbound" && message.id > 0 && (message.status === "failed" || message.status === "unknown");
}

/** Only stored messages that reached WhatsApp can be quoted or reacted to. */
export function canQuote(message: Message): boolean {
  return message.id > 0 && !!message.wamid && !message.deleted && message.type !== "reaction";
}
