import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import type { paths } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";

export type AuditLogQuery = NonNullable<paths["/api/v1/audit-log"]["get"]["parameters"]["query"]>;

/** Actions the server records, offered in the filter. */
export const AUDIT_ACTIONS = [
  "login.succeeded",
  "login.failed",
  "logout",
  "refresh_token.reused",
  "user.created",
  "user.updated",
  "user.deleted",
  "api_key.created",
  "api_key.revoked",
  "organization.created",
  "account.created",
  "account.updated",
  "account.deleted",
  "access_grant.created",
  "access_grant.revoked",
  "break_glass.opened",
  "staff.read",
] as const;

export interface AuditLogFilters {
  action: string;
  /** Platform admins only: one organization's entries. */
  organizationId: number | null;
}

export function auditLogQueryParams(filters: AuditLogFilters): AuditLogQuery {
  const query: AuditLogQuery = {};
  if (filters.action.trim() !== "") query.action = filters.action.trim();
  if (filters.organizationId !== null) query.organization_id = filters.organizationId;
  return query;
}

export async function getAuditLog({
  query,
  cursor,
  signal,
}: {
  query: AuditLogQuery;
  cursor: string | null;
  signal?: AbortSignal;
}) {
  const { data, error, response } = await api.GET("/api/v1/audit-log", {
    params: { query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } },
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function getAuditLogQueryOptions(query: AuditLogQuery) {
  return infiniteQueryOptions({
    queryKey: ["audit-log", query],
    queryFn: ({ pageParam, signal }) => getAuditLog({ query, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useAuditLog(query: AuditLogQuery) {
  return useInfiniteQuery(getAuditLogQueryOptions(query));
}
