import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import { useIsLive } from "@/lib/live-status";
import type { Conversation, ConversationPage } from "@/types/api";
import { CONVERSATION_REFRESH_MS } from "../utils/refresh";
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

/** `live`: the event stream brings its changes (window, status, assignee), so it is not polled. */
export function getConversationQueryOptions(id: number, client?: QueryClient, live = false) {
  return queryOptions({
    queryKey: conversationKey(id),
    queryFn: ({ signal }) => getConversation({ id, signal }),
    // Opening a conversation from the list shows it at once, then refreshes it.
    initialData: client ? () => findInLists(client, id) : undefined,
    initialDataUpdatedAt: 0,
    // Its window reopens when the customer writes: polled only while the event stream is down.
    refetchInterval: live ? false : CONVERSATION_REFRESH_MS,
  });
}

export function useConversation(id: number, client?: QueryClient) {
  return useQuery(getConversationQueryOptions(id, client, useIsLive()));
}

interface InfinitePages {
  pages: ConversationPage[];
  pageParams: unknown[];
}

/** The conversation as any cached list shows it. */
export function findInLists(client: QueryClient, id: number): Conversation | undefined {
  for (const [, data] of client.getQueriesData<InfinitePages>({ queryKey: conversationListsKey })) {
    for (const page of data?.pages ?? []) {
      const found = page.items.find((item) => item.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Whether `cached` is a later state than `incoming` (an event overtook a request's answer). */
function isNewer(cached: Conversation, incoming: Conversation): boolean {
  return Date.parse(cached.updated_at) > Date.parse(incoming.updated_at);
}

/** Puts a changed conversation into its detail query and every list holding it. */
export function storeConversation(client: QueryClient, conversation: Conversation) {
  client.setQueryData<Conversation>(conversationKey(conversation.id), (cached) =>
    cached && isNewer(cached, conversation) ? cached : conversation,
  );
  client.setQueriesData<InfinitePages>({ queryKey: conversationListsKey }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === conversation.id && !isNewer(item, conversation) ? conversation : item)),
          })),
        }
      : data,
  );
}
