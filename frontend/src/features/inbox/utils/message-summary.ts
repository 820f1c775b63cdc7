import type { Message } from "@/types/api";

function stringField(value: unknown, key: string): string | null {
  if (typeof value !== "object" || value === null) return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : null;
}

/** The title of an interactive reply (`button_reply`, `list_reply`, `nfm_reply`). */
export function interactiveReplyTitle(interactive: unknown): string | null {
  if (!interactive) return null;
  const kind = stringField(interactive, "type");
  const reply = kind ? (interactive as Record<string, unknown>)[kind] : null;
  return stringField(reply, "title") ?? stringField(reply, "body") ?? stringField(reply, "name");
}

/** One line describing a message, for the conversation list and reply quotes. */
export function messageSummary(message: Message): string {
  if (message.deleted) return "This message was deleted";
  const caption = message.media?.caption;
  switch (message.type) {
    case "text":
      return message.text?.body ?? "";
    case "image":
      return caption ? `📷 ${caption}` : "📷 Photo";
    case "video":
      return caption ? `🎥 ${caption}` : "🎥 Video";
    case "audio":
      return message.media?.voice ? "🎤 Voice message" : "🎵 Audio";
    case "document":
      return `📄 ${message.media?.filename ?? caption ?? "Document"}`;
    case "sticker":
      return "Sticker";
    case "location":
      return `📍 ${message.location?.name ?? message.location?.address ?? "Location"}`;
    case "contacts": {
      const count = message.contacts?.length ?? 0;
      return count === 1 ? "👤 Contact card" : `👤 ${count} contact cards`;
    }
    case "interactive":
      return interactiveReplyTitle(message.interactive) ?? "Interactive reply";
    case "button":
      return message.button?.text ?? message.button?.payload ?? "Button reply";
    case "order":
      return "🛒 Order";
    case "reaction": {
      const emoji = stringField(message.reaction, "emoji");
      return emoji ? `Reacted ${emoji}` : "Removed a reaction";
    }
    case "template":
      return `Template: ${stringField(message.template, "name") ?? "message"}`;
    case "system":
      return stringField(message.system, "body") ?? "System notice";
    case "request_welcome":
      return "The customer opened the chat";
    case "revoke":
      return "This message was deleted";
    default:
      return "Unsupported message";
  }
}
