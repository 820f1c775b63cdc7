import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import type { Account } from "@/types/api";
import { accountsKey } from "./get-accounts";

export type AccountChanges = components["schemas"]["UpdateAccount"];

export async function updateAccount({ id, changes }: { id: number; changes: AccountChanges }): Promise<Account> {
  const { data, error, response } = await api.PATCH("/api/v1/accounts/{id}", {
    params: { path: { id } },
    body: changes,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export async function deleteAccount(id: number): Promise<void> {
  const { error, response } = await api.DELETE("/api/v1/accounts/{id}", { params: { path: { id } } });
  if (!response.ok) throw toApiError(response, error);
}

export function useUpdateAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateAccount,
    onSuccess: (account) => {
      client.setQueryData<Account[]>(accountsKey, (list) => list?.map((a) => (a.id === account.id ? account : a)));
    },
  });
}

export function useDeleteAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteAccount,
    onSuccess: (_result, id) => {
      client.setQueryData<Account[]>(accountsKey, (list) => list?.filter((a) => a.id !== id));
    },
  });
}
