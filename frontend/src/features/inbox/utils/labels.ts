import type { Conversation } from "@/types/api";

/** How conversation statuses are named in the interface. */
export const STATUS_LABELS = { open: "Open", pending: "Pending", resolved: "Resolved" } as const;

export function contactNumber(contact: Conversation["contact"]): string | null {
  if (contact.phone_number) return contact.phone_number;
  return contact.wa_id ? `+${contact.wa_id}` : null;
}
