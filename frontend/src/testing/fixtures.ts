import type { Account, ApiCall, Contact, Conversation, Message, MessageTemplate, User } from "@/types/api";

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

/** The full contact of `aConversation()`'s summary. */
export function aContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 11,
    display_name: "Carla Customer",
    name: null,
    profile_name: "Carla Customer",
    phone_number: "+31 6 1234 5678",
    wa_id: "31612345678",
    attributes: {},
    restricted_at: null,
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

/** A token response, as `POST /auth/login` and `/auth/refresh` answer. */
export function aTokenResponse(user: User = aUser(), token = "access-1", expiresIn = 900) {
  return { access_token: token, token_type: "Bearer", expires_in: expiresIn, user };
}

/** `order_update` as the simulator registers it: two positional body placeholders. */
export function aTemplate(overrides: Partial<MessageTemplate> = {}): MessageTemplate {
  return {
    id: 1,
    account_id: 1,
    meta_template_id: "1000001",
    name: "order_update",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: templateComponents([{ type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped." }]),
    parameters: { header: null, body: { placeholders: ["1", "2"] }, buttons: [] },
    synced_at: new Date().toISOString(),
    updated_at: T0,
    ...overrides,
  };
}

/** Meta's components of a template, typed as the API document types them (free-form objects). */
export function templateComponents(components: object[]): MessageTemplate["components"] {
  return components as unknown as MessageTemplate["components"];
}

export function anApiCall(overrides: Partial<ApiCall> = {}): ApiCall {
  return {
    id: 1,
    account_id: 1,
    method: "POST",
    path: "/v23.0/106540352242922/messages",
    status: 200,
    duration_ms: 84,
    meta_error_code: null,
    error: null,
    request_body: '{"messaging_product":"whatsapp","to":"31612345678","type":"text","text":{"body":"Hello"}}',
    response_body: '{"messages":[{"id":"wamid.1"}]}',
    created_at: T0,
    ...overrides,
  };
}
