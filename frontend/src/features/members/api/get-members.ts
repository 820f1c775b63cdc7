import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import { collectAllPages } from "@/lib/pagination";
import type { User } from "@/types/api";

const PAGE_SIZE = 200;

/** Every member of the organization (teams are small; pages are followed to the end). */
export async function getMembers({ signal }: { signal?: AbortSignal } = {}): Promise<User[]> {
  return collectAllPages(async (cursor) => {
    const { data, error, response } = await api.GET("/api/v1/users", {
      params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
      signal,
    });
    if (data === undefined) throw toApiError(response, error);
    return data;
  });
}

export const membersKey = ["users", "all"] as const;

export function getMembersQueryOptions() {
  return queryOptions({ queryKey: membersKey, queryFn: ({ signal }) => getMembers({ signal }) });
}

export function useMembers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getMembersQueryOptions(), enabled });
}
