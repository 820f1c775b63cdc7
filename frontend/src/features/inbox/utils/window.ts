import { formatDuration } from "@/lib/format";

/** WhatsApp's customer service window: free-form replies until `window_expires_at`. */
export type ServiceWindow =
  | { open: true; remainingMs: number; label: string; urgent: boolean }
  | { open: false; label: string };

/** Less than this left: the indicator turns to a warning. */
export const WINDOW_URGENT_MS = 60 * 60 * 1000;

export function serviceWindow(expiresAt: string | null | undefined, now: number): ServiceWindow {
  if (!expiresAt) {
    return { open: false, label: "No message from the customer yet: start with a template." };
  }
  const remainingMs = Date.parse(expiresAt) - now;
  if (Number.isNaN(remainingMs) || remainingMs <= 0) {
    return { open: false, label: "The 24-hour window is closed: only templates can be sent." };
  }
  return {
    open: true,
    remainingMs,
    label: `Window closes in ${formatDuration(remainingMs)}`,
    urgent: remainingMs < WINDOW_URGENT_MS,
  };
}

/**
 * How long until the label changes: every second in the last minute, else just past the
 * next minute boundary of the remaining time (the label rounds down, so exactly on the
 * boundary it still reads the old minute). Null when nothing changes any more.
 */
export function nextWindowTick(window: ServiceWindow): number | null {
  if (!window.open) return null;
  if (window.remainingMs <= 60_000) return Math.min(1000, window.remainingMs);
  return (window.remainingMs % 60_000) + 1;
}
