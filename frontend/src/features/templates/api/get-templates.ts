import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import { collectAllPages } from "@/lib/pagination";
import type { MessageTemplate } from "@/types/api";

/** `approved`: what can be sent (the picker); `all`: every status (settings). */
export type TemplateStatusFilter = "approved" | "all";

/** A number's templates, every page, in the server's order. */
export async function getTemplates({
  accountId,
  status,
  signal,
}: {
  accountId: number;
  status: TemplateStatusFilter;
  signal?: AbortSignal;
}): Promise<MessageTemplate[]> {
  return collectAllPages(async (cursor) => {
    const { data, error, response } = await api.GET("/api/v1/accounts/{id}/templates", {
      params: {
        path: { id: accountId },
        query: { limit: 200, ...(status === "all" ? { status: "all" } : {}), ...(cursor ? { cursor } : {}) },
      },
      signal,
    });
    if (data === undefined) throw toApiError(response, error);
    return data;
  });
}

export const templatesKey = (accountId: number) => ["templates", accountId] as const;

export function getTemplatesQueryOptions(accountId: number, status: TemplateStatusFilter) {
  return queryOptions({
    queryKey: [...templatesKey(accountId), status],
    queryFn: ({ signal }) => getTemplates({ accountId, status, signal }),
    // Templates change rarely (a sync, Meta's review): no refetch while the picker is used.
    staleTime: 5 * 60_000,
  });
}

export function useTemplates(accountId: number, status: TemplateStatusFilter = "approved") {
  return useQuery(getTemplatesQueryOptions(accountId, status));
}

export function isApproved(template: MessageTemplate): boolean {
  return template.status.toUpperCase() === "APPROVED";
}
