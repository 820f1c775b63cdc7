import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import type { Conversation } from "@/types/api";
import { storeConversation } from "./get-conversation";

export async function markConversationRead(id: number): Promise<Conversation> {
  const { data, error, response } = await api.POST("/api/v1/conversations/{id}/read", {
    params: { path: { id } },
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: markConversationRead,
    onSuccess: (conversation) => {
      storeConversation(client, conversation);
    },
  });
}
