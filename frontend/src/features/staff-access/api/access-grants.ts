import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import { collectAllPages } from "@/lib/pagination";
import type { AccessGrant } from "@/types/api";

export type NewAccessGrant = components["schemas"]["NewAccessGrant"];

/** Every grant of the organization, including expired, revoked and break-glass ones. */
export async function getAccessGrants({ signal }: { signal?: AbortSignal } = {}): Promise<AccessGrant[]> {
  return collectAllPages(async (cursor) => {
    const { data, error, response } = await api.GET("/api/v1/organization/access-grants", {
      params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } },
      signal,
    });
    if (data === undefined) throw toApiError(response, error);
    return data;
  });
}

export const accessGrantsKey = ["access-grants", "all"] as const;

export function getAccessGrantsQueryOptions() {
  return queryOptions({ queryKey: accessGrantsKey, queryFn: ({ signal }) => getAccessGrants({ signal }) });
}

export function useAccessGrants() {
  return useQuery(getAccessGrantsQueryOptions());
}

export async function createAccessGrant(grant: NewAccessGrant): Promise<AccessGrant> {
  const { data, error, response } = await api.POST("/api/v1/organization/access-grants", { body: grant });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export async function revokeAccessGrant(id: number): Promise<void> {
  const { error, response } = await api.DELETE("/api/v1/organization/access-grants/{id}", { params: { path: { id } } });
  if (!response.ok) throw toApiError(response, error);
}

export function useCreateAccessGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createAccessGrant,
    onSuccess: () => client.invalidateQueries({ queryKey: accessGrantsKey }),
  });
}

export function useRevokeAccessGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeAccessGrant,
    onSuccess: () => client.invalidateQueries({ queryKey: accessGrantsKey }),
  });
}
