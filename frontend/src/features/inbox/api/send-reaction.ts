import { useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { Message, MessagePage } from "@/types/api";
import { applyBusinessReaction } from "../utils/optimistic";
import { messagesKey } from "./get-messages";
import { newIdempotencyKey, sendMessage } from "./send-message";

type MessagePages = InfiniteData<MessagePage, string | null>;

export interface ReactionChange {
  target: Message;
  /** The emoji to set; empty removes the business's reaction. */
  emoji: string;
}

/**
 * Reacts to a message. The reaction shows on its target at once and is taken back if the
 * server refuses it.
 */
export function useSendReaction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ target, emoji }: ReactionChange) =>
      sendMessage({
        conversationId: target.conversation_id,
        message: { type: "reaction", reaction: { message_id: target.id, emoji } },
        idempotencyKey: newIdempotencyKey(),
        createdAt: new Date().toISOString(),
      }),
    onMutate: async ({ target, emoji }) => {
      const key = messagesKey(target.conversation_id);
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<MessagePages>(key);
      client.setQueryData<MessagePages>(key, (data) =>
        data ? { ...data, pages: applyBusinessReaction(data.pages, target.id, emoji, new Date().toISOString()) } : data,
      );
      return { previous };
    },
    onError: (_error, { target }, context) => {
      if (context?.previous) client.setQueryData(messagesKey(target.conversation_id), context.previous);
    },
  });
}
