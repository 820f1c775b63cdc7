import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import { useIsLive } from "@/lib/live-status";
import type { MessagePage } from "@/types/api";
import { threadRefreshInterval } from "../utils/refresh";

export const MESSAGE_PAGE_SIZE = 50;

/** A page of a conversation's messages, newest first. */
export async function getMessages({
  conversationId,
  cursor,
  signal,
}: {
  conversationId: number;
  cursor?: string | null;
  signal?: AbortSignal;
}): Promise<MessagePage> {
  const { data, error, response } = await api.GET("/api/v1/conversations/{id}/messages", {
    params: { path: { id: conversationId }, query: { limit: MESSAGE_PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export const messagesKey = (conversationId: number) => ["conversations", "messages", conversationId] as const;

/** `live`: the event stream brings new messages and ticks, so the thread is not polled. */
export function getMessagesQueryOptions(conversationId: number, live = false) {
  return infiniteQueryOptions({
    queryKey: messagesKey(conversationId),
    queryFn: ({ pageParam, signal }) => getMessages({ conversationId, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    staleTime: 10_000,
    // Only while the event stream is down: the open thread polls, faster while a reply is on its way.
    refetchInterval: live ? false : (query) => threadRefreshInterval(query.state.data?.pages ?? [], Date.now()),
  });
}

export function useMessages(conversationId: number) {
  return useInfiniteQuery(getMessagesQueryOptions(conversationId, useIsLive()));
}
