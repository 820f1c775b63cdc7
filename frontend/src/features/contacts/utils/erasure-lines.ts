import type { Erasure } from "@/types/api";

const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** What an erasure removed, in words: one line per kind of record. */
export function erasureLines(erasure: Erasure): string[] {
  return [
    `${count(erasure.conversations, "conversation", "conversations")} deleted`,
    `${count(erasure.messages, "message", "messages")} deleted`,
    `${count(erasure.media_files, "media file", "media files")} deleted`,
    `${count(erasure.webhook_events_deleted, "webhook payload", "webhook payloads")} deleted, ${erasure.webhook_events_redacted.toLocaleString()} redacted`,
    `${count(erasure.api_calls_redacted, "API call record", "API call records")} redacted`,
    `${count(erasure.audit_entries_redacted, "audit entry", "audit entries")} redacted`,
    `${count(erasure.mentions_redacted, "mention", "mentions")} in other messages redacted`,
  ];
}
