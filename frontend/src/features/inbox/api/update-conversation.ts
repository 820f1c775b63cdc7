import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import { isLive } from "@/lib/live-status";
import type { Conversation } from "@/types/api";
import { storeConversation } from "./get-conversation";
import { conversationListsKey } from "./get-conversations";

export type ConversationChanges = components["schemas"]["UpdateConversation"];

export async function updateConversation({ id, changes }: { id: number; changes: ConversationChanges }): Promise<Conversation> {
  const { data, error, response } = await api.PATCH("/api/v1/conversations/{id}", {
    params: { path: { id } },
    body: changes,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useUpdateConversation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateConversation,
    onSuccess: (conversation) => {
      storeConversation(client, conversation);
      // Filtered lists (mine, a status) may gain or lose it: the event stream moves it, or
      // (while the stream is down) they are refetched in the background.
      if (!isLive()) void client.invalidateQueries({ queryKey: conversationListsKey, refetchType: "active" });
    },
  });
}
