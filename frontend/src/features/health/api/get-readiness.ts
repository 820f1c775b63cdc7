import { queryOptions, useQuery } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, isProblem, toApiError, type Problem } from "@/lib/api-client";
import type { QueryConfig } from "@/lib/react-query";

export type Readiness = components["schemas"]["Readiness"];

/**
 * `/readyz` answers 503 with a problem document while a dependency is down. That is
 * a state to display, not a failed request, so the fetcher resolves with it.
 */
export type ReadinessResult =
  | { ready: true; readiness: Readiness }
  | { ready: false; problem: Problem | null };

export async function getReadiness({ signal }: { signal?: AbortSignal } = {}): Promise<ReadinessResult> {
  const { data, error, response } = await api.GET("/readyz", { signal });
  if (data !== undefined) return { ready: true, readiness: data };
  if (response.status === 503) return { ready: false, problem: isProblem(error) ? error : null };
  throw toApiError(response, error);
}

export const readinessQueryKey = ["health", "readiness"] as const;

export function getReadinessQueryOptions() {
  return queryOptions({
    queryKey: readinessQueryKey,
    queryFn: ({ signal }) => getReadiness({ signal }),
    staleTime: 10_000,
    refetchInterval: 30_000,
  });
}

export function useReadiness({
  queryConfig,
}: { queryConfig?: QueryConfig<typeof getReadinessQueryOptions> } = {}) {
  return useQuery({ ...getReadinessQueryOptions(), ...queryConfig });
}
