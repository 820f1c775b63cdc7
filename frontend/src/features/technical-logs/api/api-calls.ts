import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import type { paths } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";

export type ApiCallQuery = NonNullable<paths["/api/v1/api-calls"]["get"]["parameters"]["query"]>;

/** HTTP methods of the Graph API calls the server makes. */
export const API_CALL_METHODS = ["GET", "POST", "DELETE"] as const;

/** The filters as typed in the form; empty strings mean "any". */
export interface ApiCallFilters {
  accountId: string;
  method: string;
  status: string;
  errorsOnly: boolean;
  /** `datetime-local` values, in the browser's time zone. */
  since: string;
  until: string;
}

export const NO_API_CALL_FILTERS: ApiCallFilters = { accountId: "", method: "", status: "", errorsOnly: false, since: "", until: "" };

function instant(local: string): string | null {
  if (local === "") return null;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** The query of `GET /api-calls` for these filters; an incomplete status or time is left out. */
export function apiCallQueryParams(filters: ApiCallFilters): ApiCallQuery {
  const query: ApiCallQuery = {};
  const account = Number(filters.accountId);
  if (filters.accountId !== "" && Number.isInteger(account) && account > 0) query.account_id = account;
  if (filters.method !== "") query.method = filters.method;
  const status = Number(filters.status);
  if (/^\d{3}$/.test(filters.status.trim()) && status >= 100 && status <= 599) query.status = status;
  if (filters.errorsOnly) query.errors_only = true;
  const since = instant(filters.since);
  if (since) query.since = since;
  const until = instant(filters.until);
  if (until) query.until = until;
  return query;
}

export async function getApiCalls({ query, cursor, signal }: { query: ApiCallQuery; cursor: string | null; signal?: AbortSignal }) {
  const { data, error, response } = await api.GET("/api/v1/api-calls", {
    params: { query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } },
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function getApiCallsQueryOptions(query: ApiCallQuery) {
  return infiniteQueryOptions({
    queryKey: ["api-calls", query],
    queryFn: ({ pageParam, signal }) => getApiCalls({ query, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useApiCalls(query: ApiCallQuery) {
  return useInfiniteQuery(getApiCallsQueryOptions(query));
}
