import type { Account, Conversation, Message, User } from "@/types/api";

const T0 = "2026-11-25T09:00:00Z";

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: 7,
    email: "ana@example.com",
    name: "Ana Agent",
    role: "agent",
    active: true,
    organization_id: 1,
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function anAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 1,
    waba_id: "419561257915477",
    phone_number_id: "106540352242922",
    display_phone_number: "+1 555-078-3881",
    verified_name: "Acme Bakery",
    disabled: false,
    name: null,
    quality_rating: "GREEN",
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function aMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: 100,
    conversation_id: 1,
    direction: "inbound",
    type: "text",
    wamid: "wamid.100",
    text: { body: "Hello" },
    status: "received",
    reactions: [],
    edited: false,
    deleted: false,
    timestamp: T0,
    created_at: T0,
    ...overrides,
  };
}

export function aConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 1,
    account_id: 1,
    contact: { id: 11, display_name: "Carla Customer", phone_number: "+31 6 1234 5678", wa_id: "31612345678" },
    status: "open",
    assignee_id: null,
    unread_count: 0,
    last_message: aMessage(),
    last_message_at: T0,
    window_expires_at: null,
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

/** A token response, as `POST /auth/login` and `/auth/refresh` answer. */
export function aTokenResponse(user: User = aUser(), token = "access-1", expiresIn = 900) {
  return { access_token: token, token_type: "Bearer", expires_in: expiresIn, user };
}
