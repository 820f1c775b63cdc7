import type { Conversation, Message, MessageTemplate, User } from "@/types/api";
import { anAccount, aConversation, aUser } from "./fixtures";
import { fakeEventStream } from "./event-stream";
import { jsonResponse, type RequestHandlers } from "./mock-fetch";

/** Handlers for a small inbox: the endpoints the inbox screens call. */
export function inboxHandlers({
  conversations = [aConversation()],
  messages = {},
  members = [aUser()],
  templates = [],
}: {
  conversations?: Conversation[];
  messages?: Record<number, Message[]>;
  members?: User[];
  /** Approved templates of account 1, for the composer's template picker. */
  templates?: MessageTemplate[];
} = {}): RequestHandlers {
  return {
    "GET /api/v1/conversations": () => jsonResponse({ items: conversations, next_cursor: null }),
    "GET /api/v1/accounts": () => jsonResponse({ items: [anAccount()], next_cursor: null }),
    "GET /api/v1/users": () => jsonResponse({ items: members, next_cursor: null }),
    "GET /api/v1/accounts/1/templates": () => jsonResponse({ items: templates, next_cursor: null }),
    // A live stream that stays quiet (tests that need events pass their own).
    "GET /api/v1/events": fakeEventStream().handler,
    ...Object.fromEntries(
      conversations.map((conversation) => [
        `GET /api/v1/conversations/${conversation.id}`,
        () => jsonResponse(conversation),
      ]),
    ),
    ...Object.fromEntries(
      conversations.map((conversation) => [
        `GET /api/v1/conversations/${conversation.id}/messages`,
        () => jsonResponse({ items: messages[conversation.id] ?? [], next_cursor: null }),
      ]),
    ),
  };
}
