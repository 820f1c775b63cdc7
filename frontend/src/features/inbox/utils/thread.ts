import { dayKey } from "@/lib/format";
import type { Message, MessagePage } from "@/types/api";

export interface ThreadDay {
  key: string;
  /** Timestamp of the day's first message, to name the day. */
  timestamp: string;
  messages: Message[];
}

/** The message a reaction is about: a wamid (received reactions) or our id (sent ones). */
function reactionTarget(message: Message): string | number | null {
  const target = (message.reaction as { message_id?: unknown } | null | undefined)?.message_id;
  return typeof target === "string" || typeof target === "number" ? target : null;
}

/**
 * Messages of the loaded pages (each newest first) in reading order, grouped by day.
 * Reaction messages are drawn on their target; only those whose target is not loaded, or
 * that failed to go out, stay.
 */
export function buildThread(pages: readonly MessagePage[]): ThreadDay[] {
  const seen = new Set<number>();
  const messages: Message[] = [];
  for (const page of pages) {
    for (const message of page.items) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      messages.push(message);
    }
  }
  messages.reverse();
  const loaded = new Set<string | number>([...messages.map((m) => m.id), ...messages.map((m) => m.wamid).filter((w): w is string => !!w)]);
  const days: ThreadDay[] = [];
  for (const message of messages) {
    // A reaction that did not go out stays visible, with its failure and Retry.
    if (message.type === "reaction" && message.status !== "failed" && message.status !== "unknown") {
      const target = reactionTarget(message);
      if (target !== null && loaded.has(target)) continue;
    }
    const key = dayKey(message.timestamp);
    const last = days.at(-1);
    if (last?.key === key) last.messages.push(message);
    else days.push({ key, timestamp: message.timestamp, messages: [message] });
  }
  return days;
}

/** Index of the loaded messages by id and by wamid, to resolve reply quotes. */
export function indexMessages(pages: readonly MessagePage[]) {
  const byId = new Map<number, Message>();
  const byWamid = new Map<string, Message>();
  for (const page of pages) {
    for (const message of page.items) {
      byId.set(message.id, message);
      if (message.wamid) byWamid.set(message.wamid, message);
    }
  }
  return {
    quoted(message: Message): Message | null {
      const context = message.context;
      if (!context) return null;
      if (context.message_id != null) return byId.get(context.message_id) ?? null;
      return context.wamid ? (byWamid.get(context.wamid) ?? null) : null;
    },
  };
}
