import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import type { paths } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";

export type AccessLogQuery = NonNullable<paths["/api/v1/access-log"]["get"]["parameters"]["query"]>;

/** HTTP methods the API answers to. */
export const ACCESS_LOG_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

/** Status classes offered as shortcuts; an exact status can be typed instead. */
export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;

/** The filters as typed in the form; empty strings mean "any". */
export interface AccessLogFilters {
  /** `user:<id>` for a member, `key:<id>` for an API key. */
  caller: string;
  method: string;
  /** An exact status (`404`) or a class (`4xx`). */
  status: string;
  /** The start of the path, e.g. `/api/v1/conversations`. */
  path: string;
  /** `datetime-local` values, in the browser's time zone. */
  from: string;
  to: string;
}

export const NO_ACCESS_LOG_FILTERS: AccessLogFilters = { caller: "", method: "", status: "", path: "", from: "", to: "" };

export function userCaller(id: number): string {
  return `user:${id}`;
}

export function apiKeyCaller(id: number): string {
  return `key:${id}`;
}

function instant(local: string): string | null {
  if (local === "") return null;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** The server's pattern: a status from 100 to 599, or a class such as `4xx`. */
const STATUS = /^[1-5](\d\d|xx)$/;

/** The query of `GET /access-log` for these filters; an incomplete status, path or time is left out. */
export function accessLogQueryParams(filters: AccessLogFilters): AccessLogQuery {
  const query: AccessLogQuery = {};
  const caller = /^(user|key):(\d+)$/.exec(filters.caller);
  if (caller) {
    const id = Number(caller[2]);
    if (caller[1] === "user") query.user_id = id;
    else query.api_key_id = id;
  }
  if (filters.method !== "") query.method = filters.method;
  const status = filters.status.trim().toLowerCase();
  if (STATUS.test(status)) query.status = status;
  const path = filters.path.trim();
  if (path.startsWith("/")) query.path = path;
  const from = instant(filters.from);
  if (from) query.from = from;
  const to = instant(filters.to);
  if (to) query.to = to;
  return query;
}

export async function getAccessLog({ query, cursor, signal }: { query: AccessLogQuery; cursor: string | null; signal?: AbortSignal }) {
  const { data, error, response } = await api.GET("/api/v1/access-log", {
    params: { query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } },
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function getAccessLogQueryOptions(query: AccessLogQuery) {
  return infiniteQueryOptions({
    queryKey: ["access-log", query],
    queryFn: ({ pageParam, signal }) => getAccessLog({ query, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useAccessLog(query: AccessLogQuery) {
  return useInfiniteQuery(getAccessLogQueryOptions(query));
}
