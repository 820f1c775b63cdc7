import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import { collectAllPages } from "@/lib/pagination";
import type { ApiKey, CreatedApiKey } from "@/types/api";

export type NewApiKey = components["schemas"]["CreateApiKey"];

export async function getApiKeys({ signal }: { signal?: AbortSignal } = {}): Promise<ApiKey[]> {
  return collectAllPages(async (cursor) => {
    const { data, error, response } = await api.GET("/api/v1/api-keys", {
      params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } },
      signal,
    });
    if (data === undefined) throw toApiError(response, error);
    return data;
  });
}

export const apiKeysKey = ["api-keys", "all"] as const;

export function getApiKeysQueryOptions() {
  return queryOptions({ queryKey: apiKeysKey, queryFn: ({ signal }) => getApiKeys({ signal }) });
}

export function useApiKeys() {
  return useQuery(getApiKeysQueryOptions());
}

/** Creates a key; the answer holds the secret, which the server never shows again. */
export async function createApiKey(key: NewApiKey): Promise<CreatedApiKey> {
  const { data, error, response } = await api.POST("/api/v1/api-keys", { body: key });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export async function revokeApiKey(id: number): Promise<void> {
  const { error, response } = await api.DELETE("/api/v1/api-keys/{id}", { params: { path: { id } } });
  if (!response.ok) throw toApiError(response, error);
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => client.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => client.invalidateQueries({ queryKey: apiKeysKey }),
  });
}
