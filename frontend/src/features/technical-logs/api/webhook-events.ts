import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { paths } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";

export type WebhookEventQuery = NonNullable<paths["/api/v1/webhook-events"]["get"]["parameters"]["query"]>;
export type WebhookEventStatus = NonNullable<WebhookEventQuery["status"]>;

export async function getWebhookEvents({
  query,
  cursor,
  signal,
}: {
  query: WebhookEventQuery;
  cursor: string | null;
  signal?: AbortSignal;
}) {
  const { data, error, response } = await api.GET("/api/v1/webhook-events", {
    params: { query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } },
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

const webhookEventsKey = ["webhook-events"] as const;

export function getWebhookEventsQueryOptions(query: WebhookEventQuery) {
  return infiniteQueryOptions({
    queryKey: [...webhookEventsKey, query],
    queryFn: ({ pageParam, signal }) => getWebhookEvents({ query, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useWebhookEvents(query: WebhookEventQuery) {
  return useInfiniteQuery(getWebhookEventsQueryOptions(query));
}

export async function reprocessWebhookEvent(id: number) {
  const { data, error, response } = await api.POST("/api/v1/webhook-events/{id}/reprocess", {
    params: { path: { id } },
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useReprocessWebhookEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: reprocessWebhookEvent,
    onSuccess: () => client.invalidateQueries({ queryKey: webhookEventsKey }),
  });
}
