import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import { collectAllPages } from "@/lib/pagination";
import type { Account } from "@/types/api";

/** Every connected phone number of the organization. */
export async function getAccounts({ signal }: { signal?: AbortSignal } = {}): Promise<Account[]> {
  return collectAllPages(async (cursor) => {
    const { data, error, response } = await api.GET("/api/v1/accounts", {
      params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } },
      signal,
    });
    if (data === undefined) throw toApiError(response, error);
    return data;
  });
}

export const accountsKey = ["accounts", "all"] as const;

export function getAccountsQueryOptions() {
  return queryOptions({ queryKey: accountsKey, queryFn: ({ signal }) => getAccounts({ signal }) });
}

export function useAccounts() {
  return useQuery(getAccountsQueryOptions());
}

/** How an account is named in lists: its label, else its number. */
export function accountLabel(account: Account): string {
  return account.name ?? account.display_phone_number;
}
