import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import type { Message } from "@/types/api";
import { storeThreadMessage } from "./send-message";

/** `POST /messages/{id}/retry`: sends a failed (or unconfirmed) message again. */
export async function retryMessage(id: number): Promise<Message> {
  const { data, error, response } = await api.POST("/api/v1/messages/{id}/retry", { params: { path: { id } } });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useRetryMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (message: Message) => retryMessage(message.id),
    onSuccess: (message) => {
      storeThreadMessage(client, message);
    },
  });
}
