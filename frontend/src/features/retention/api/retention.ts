import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import type { Retention, RetentionPeriods } from "@/types/api";

export async function getRetention({ signal }: { signal?: AbortSignal } = {}): Promise<Retention> {
  const { data, error, response } = await api.GET("/api/v1/organization/retention", { signal });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

/** Replaces the organization's settings: a type left `null` follows the platform default. */
export async function updateRetention(settings: RetentionPeriods): Promise<Retention> {
  const { data, error, response } = await api.PUT("/api/v1/organization/retention", { body: settings });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export const retentionKey = ["organization", "retention"] as const;

export function getRetentionQueryOptions() {
  return queryOptions({ queryKey: retentionKey, queryFn: ({ signal }) => getRetention({ signal }) });
}

export function useRetention() {
  return useQuery(getRetentionQueryOptions());
}

export function useUpdateRetention() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateRetention,
    onSuccess: (retention) => {
      client.setQueryData(retentionKey, retention);
    },
  });
}
