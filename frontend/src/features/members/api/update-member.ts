import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import type { User } from "@/types/api";
import { membersKey } from "./get-members";

export type MemberChanges = components["schemas"]["UpdateUser"];

export async function updateMember({ id, changes }: { id: number; changes: MemberChanges }): Promise<User> {
  const { data, error, response } = await api.PATCH("/api/v1/users/{id}", {
    params: { path: { id } },
    body: changes,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useUpdateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateMember,
    onSuccess: (user) => {
      client.setQueryData<User[]>(membersKey, (members) => members?.map((m) => (m.id === user.id ? user : m)));
    },
  });
}
