import { useMutation } from "@tanstack/react-query";
import type { Message } from "@/types/api";

/**
 * The body of `POST /conversations/{id}/messages` as the API contract describes it. Until
 * the server offers that endpoint, the composer's requests end here.
 */
export type OutgoingMessage =
  | { type: "text"; text: { body: string }; reply_to_message_id?: number }
  | { type: "reaction"; reaction: { message_id: number; emoji: string } };

export class SendingUnavailableError extends Error {
  readonly conversationId: number;

  constructor(conversationId: number) {
    super("Sending replies is not available on this server yet. Your draft is kept.");
    this.name = "SendingUnavailableError";
    this.conversationId = conversationId;
  }
}

/** Whether the server can send replies; the composer says so when it cannot. */
export function sendingAvailable(): boolean {
  return false;
}

/** The single place the inbox sends a message through. */
export function sendMessage({
  conversationId,
  message,
}: {
  conversationId: number;
  message: OutgoingMessage;
}): Promise<Message> {
  if (message.type === "text" && message.text.body.trim() === "") {
    return Promise.reject(new Error("The message is empty."));
  }
  return Promise.reject(new SendingUnavailableError(conversationId));
}

export function useSendMessage() {
  return useMutation({ mutationFn: sendMessage });
}
