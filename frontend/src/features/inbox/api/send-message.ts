import { useMutation, useMutationState, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, toApiError } from "@/lib/api-client";
import { isLive } from "@/lib/live-status";
import type { Conversation, Message, MessagePage } from "@/types/api";
import { storeMessage, type PendingSend } from "../utils/optimistic";
import { conversationKey, storeConversation } from "./get-conversation";
import { conversationListsKey } from "./get-conversations";
import { messagesKey } from "./get-messages";

export type { OutgoingMessage, PendingSend } from "../utils/optimistic";

/** `POST /conversations/{id}/messages`: stores the message and queues it (202, `pending`). */
export async function sendMessage({ conversationId, message, idempotencyKey }: PendingSend): Promise<Message> {
  const { data, error, response } = await api.POST("/api/v1/conversations/{id}/messages", {
    params: { path: { id: conversationId }, header: { "Idempotency-Key": idempotencyKey } },
    body: message,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export const sendMessageKey = (conversationId: number) => ["send-message", conversationId] as const;

/** A fresh key per compose action; the same one goes with every retry of that request. */
export function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

type MessagePages = InfiniteData<MessagePage, string | null>;

/** Puts a message the server answered with into the conversation's thread. */
export function storeThreadMessage(client: QueryClient, message: Message) {
  client.setQueryData<MessagePages>(messagesKey(message.conversation_id), (data) =>
    data ? { ...data, pages: storeMessage(data.pages, message) } : data,
  );
}

/** The end of the window a `window_closed` answer carries, when it is one. */
export function closedWindowEnd(error: unknown): string | null | undefined {
  if (!(error instanceof ApiError) || error.code !== "window_closed") return undefined;
  const end = (error.problem as Record<string, unknown> | null)?.window_expires_at;
  return typeof end === "string" ? end : null;
}

/** Keeps the conversation's window in step with what the server said when it refused. */
function noteClosedWindow(client: QueryClient, conversationId: number, error: unknown) {
  const end = closedWindowEnd(error);
  if (end === undefined) return;
  const conversation = client.getQueryData<Conversation>(conversationKey(conversationId));
  if (conversation) storeConversation(client, { ...conversation, window_expires_at: end });
}

/**
 * Sends from the composer. While the request is on its way the thread draws a placeholder
 * (see `usePendingSends`); the answer then takes its place in the cached thread, so no
 * refetch is needed. Network failures are retried with the same idempotency key.
 */
export function useSendMessage(conversationId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationKey: sendMessageKey(conversationId),
    mutationFn: sendMessage,
    retry: (failures, error) => error instanceof TypeError && failures < 2,
    // The answer stands in for a refetch only briefly; the thread's own data takes over.
    gcTime: 60_000,
    onSuccess: (message) => {
      storeThreadMessage(client, message);
      // The conversation moves to the top of the lists with its new last message: the event
      // stream says so, or (while it is down) a refetch.
      if (!isLive()) void client.invalidateQueries({ queryKey: conversationListsKey, refetchType: "active" });
    },
    onError: (error) => {
      noteClosedWindow(client, conversationId, error);
    },
  });
}

/** Sends in flight (drawn as placeholders) and answers already given, for the thread. */
export function usePendingSends(conversationId: number): { pending: PendingSend[]; sent: Message[] } {
  const pending = useMutationState<PendingSend>({
    filters: { mutationKey: sendMessageKey(conversationId), status: "pending" },
    select: (mutation) => mutation.state.variables as PendingSend,
  });
  const sent = useMutationState<Message>({
    filters: { mutationKey: sendMessageKey(conversationId), status: "success" },
    select: (mutation) => mutation.state.data as Message,
  });
  return { pending, sent };
}
