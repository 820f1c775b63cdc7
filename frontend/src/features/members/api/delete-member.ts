import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, toApiError } from "@/lib/api-client";
import type { User } from "@/types/api";
import { membersKey } from "./get-members";

export async function deleteMember(id: number): Promise<void> {
  const { error, response } = await api.DELETE("/api/v1/users/{id}", { params: { path: { id } } });
  if (!response.ok) throw toApiError(response, error);
}

export function useDeleteMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteMember,
    onSuccess: (_result, id) => {
      client.setQueryData<User[]>(membersKey, (members) => members?.filter((m) => m.id !== id));
    },
  });
}
