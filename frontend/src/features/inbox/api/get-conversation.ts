import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import type { Conversation, ConversationPage } from "@/types/api";
import { conversationListsKey } from "./get-conversations";

export async function getConversation({ id, signal }: { id: number; signal?: AbortSignal }): Promise<Conversation> {
  const { data, error, response } = await api.GET("/api/v1/conversations/{id}", {
    params: { path: { id } },
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export const conversationKey = (id: number) => ["conversations", "detail", id] as const;

export function getConversationQueryOptions(id: number, client?: QueryClient) {
  return queryOptions({
    queryKey: conversationKey(id),
    queryFn: ({ signal }) => getConversation({ id, signal }),
    // Opening a conversation from the list shows it at once, then refreshes it.
    initialData: client ? () => findInLists(client, id) : undefined,
    initialDataUpdatedAt: 0,
    // Its window reopens when the customer writes; polled until live events exist.
    refetchInterval: 15_000,
  });
}

export function useConversation(id: number, client?: QueryClient) {
  return useQuery(getConversationQueryOptions(id, client));
}

interface InfinitePages {
  pages: ConversationPage[];
  pageParams: unknown[];
}

function findInLists(client: QueryClient, id: number): Conversation | undefined {
  for (const [, data] of client.getQueriesData<InfinitePages>({ queryKey: conversationListsKey })) {
    for (const page of data?.pages ?? []) {
      const found = page.items.find((item) => item.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Puts a changed conversation into its detail query and every list holding it. */
export function storeConversation(client: QueryClient, conversation: Conversation) {
  client.setQueryData(conversationKey(conversation.id), conversation);
  client.setQueriesData<InfinitePages>({ queryKey: conversationListsKey }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === conversation.id ? conversation : item)),
          })),
        }
      : data,
  );
}
