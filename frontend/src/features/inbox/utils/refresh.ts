import type { MessagePage, MessageStatus } from "@/types/api";

// Polling is the fallback while the event stream (`GET /events`) is disconnected; while it
// is connected nothing here applies.

/** How often the open thread is refreshed when nothing is on its way (ms). */
export const THREAD_IDLE_REFRESH_MS = 10_000;
/** While a reply is queued or its ticks are still moving (ms). */
export const THREAD_ACTIVE_REFRESH_MS = 2_000;
/** How long after sending the ticks are followed closely (ms). */
const FOLLOW_TICKS_FOR_MS = 5 * 60_000;
/** How often conversation lists are refreshed (ms). */
export const LIST_REFRESH_MS = 10_000;
/** How often the open conversation (window, status, assignee) is refreshed (ms). */
export const CONVERSATION_REFRESH_MS = 15_000;

const MOVING: readonly MessageStatus[] = ["pending", "sent", "delivered"];

/**
 * The polling interval of a thread: quick while one of the newest outbound messages is
 * queued, or was sent in the last minutes and not yet read; slow otherwise.
 */
export function threadRefreshInterval(pages: readonly MessagePage[], now: number): number {
  const newest = pages[0]?.items ?? [];
  const active = newest.some(
    (message) =>
      message.direction === "outbound" &&
      message.type !== "reaction" &&
      (message.status === "pending" ||
        (MOVING.includes(message.status) && now - Date.parse(message.created_at) < FOLLOW_TICKS_FOR_MS)),
  );
  return active ? THREAD_ACTIVE_REFRESH_MS : THREAD_IDLE_REFRESH_MS;
}
