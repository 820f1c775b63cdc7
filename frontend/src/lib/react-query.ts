import { QueryClient, type DefaultOptions } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";

/** Client errors (4xx) do not get better by asking again; network and 5xx errors might. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 1;
}

export const queryConfig = {
  queries: {
    refetchOnWindowFocus: false,
    retry: shouldRetry,
    staleTime: 60_000,
  },
} satisfies DefaultOptions;

export function createQueryClient(defaults: DefaultOptions = queryConfig): QueryClient {
  return new QueryClient({ defaultOptions: defaults });
}

/**
 * Extra options a caller may pass to a feature's query hook. The query key and the
 * fetcher stay owned by the feature's `...QueryOptions` factory.
 */
export type QueryConfig<T extends (...args: never[]) => object> = Omit<
  ReturnType<T>,
  "queryKey" | "queryFn"
>;
