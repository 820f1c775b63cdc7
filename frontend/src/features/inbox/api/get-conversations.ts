import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import { useIsLive } from "@/lib/live-status";
import type { ConversationPage } from "@/types/api";
import type { ConversationListQuery } from "../utils/filters";
import { LIST_REFRESH_MS } from "../utils/refresh";

export const CONVERSATION_PAGE_SIZE = 50;

export async function getConversations({
  query,
  cursor,
  signal,
}: {
  query: ConversationListQuery;
  cursor?: string | null;
  signal?: AbortSignal;
}): Promise<ConversationPage> {
  const { data, error, response } = await api.GET("/api/v1/conversations", {
    params: { query: { ...query, limit: CONVERSATION_PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export const conversationListsKey = ["conversations", "list"] as const;

/** `live`: the event stream keeps the lists current, so they are not polled. */
export function getConversationsQueryOptions(query: ConversationListQuery, live = false) {
  return infiniteQueryOptions({
    queryKey: [...conversationListsKey, query],
    queryFn: ({ pageParam, signal }) => getConversations({ query, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    staleTime: 15_000,
    // Only while the event stream is down: new conversations and messages come in by polling.
    refetchInterval: live ? false : LIST_REFRESH_MS,
  });
}

export function useConversations(query: ConversationListQuery) {
  return useInfiniteQuery(getConversationsQueryOptions(query, useIsLive()));
}
