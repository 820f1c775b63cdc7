import type { MessageTemplate } from "@/types/api";

/** The server refreshes templates every few hours; older than this, a sync is offered. */
export const TEMPLATES_STALE_AFTER_MS = 24 * 3_600_000;

/** When the list was last synced from Meta, if that is long ago; null when it is fresh (or empty). */
export function staleSince(templates: readonly MessageTemplate[], now = Date.now()): string | null {
  const newest = templates.reduce<string | null>((latest, t) => (latest === null || t.synced_at > latest ? t.synced_at : latest), null);
  return newest !== null && now - Date.parse(newest) > TEMPLATES_STALE_AFTER_MS ? newest : null;
}
