import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import { getTemplatesQueryOptions, isApproved } from "./get-templates";

/** `POST /accounts/{id}/templates/sync` (org admins): fetches the number's templates from Meta now. */
export async function syncTemplates(accountId: number) {
  const { data, error, response } = await api.POST("/api/v1/accounts/{id}/templates/sync", {
    params: { path: { id: accountId } },
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

/** Syncs, then shows the synced list at once in both the picker and the settings list. */
export function useSyncTemplates(accountId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => syncTemplates(accountId),
    onSuccess: (result) => {
      client.setQueryData(getTemplatesQueryOptions(accountId, "all").queryKey, result.templates);
      client.setQueryData(getTemplatesQueryOptions(accountId, "approved").queryKey, result.templates.filter(isApproved));
    },
  });
}
