import { QueryClient, type DefaultOptions } from "@tanstack/react-query";

export const queryConfig = {
  queries: {
    refetchOnWindowFocus: false,
    retry: 1,
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
