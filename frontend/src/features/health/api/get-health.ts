import { queryOptions, useQuery } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import type { QueryConfig } from "@/lib/react-query";

export type Health = components["schemas"]["Health"];

export async function getHealth({ signal }: { signal?: AbortSignal } = {}): Promise<Health> {
  const { data, error, response } = await api.GET("/healthz", { signal });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export const healthQueryKey = ["health", "liveness"] as const;

export function getHealthQueryOptions() {
  return queryOptions({
    queryKey: healthQueryKey,
    queryFn: ({ signal }) => getHealth({ signal }),
    staleTime: 10_000,
    refetchInterval: 30_000,
  });
}

export function useHealth({ queryConfig }: { queryConfig?: QueryConfig<typeof getHealthQueryOptions> } = {}) {
  return useQuery({ ...getHealthQueryOptions(), ...queryConfig });
}
