import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";

export type NewOrganization = components["schemas"]["CreateOrganization"];
export type CreatedOrganization = components["schemas"]["CreatedOrganization"];

export async function getOrganizations({ cursor, signal }: { cursor: string | null; signal?: AbortSignal }) {
  const { data, error, response } = await api.GET("/api/v1/admin/organizations", {
    params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

const organizationsKey = ["organizations"] as const;

export function getOrganizationsQueryOptions() {
  return infiniteQueryOptions({
    queryKey: organizationsKey,
    queryFn: ({ pageParam, signal }) => getOrganizations({ cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useOrganizations() {
  return useInfiniteQuery(getOrganizationsQueryOptions());
}

export async function createOrganization(organization: NewOrganization): Promise<CreatedOrganization> {
  const { data, error, response } = await api.POST("/api/v1/admin/organizations", { body: organization });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useCreateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createOrganization,
    onSuccess: () => client.invalidateQueries({ queryKey: organizationsKey }),
  });
}
