import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import type { Account } from "@/types/api";
import { accountsKey } from "./get-accounts";

export type NewAccount = components["schemas"]["CreateAccount"];

/** Connects a phone number; the server checks the token against the Graph API first. */
export async function connectAccount(account: NewAccount): Promise<Account> {
  const { data, error, response } = await api.POST("/api/v1/accounts", { body: account });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useConnectAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: connectAccount,
    onSuccess: () => client.invalidateQueries({ queryKey: accountsKey }),
  });
}
