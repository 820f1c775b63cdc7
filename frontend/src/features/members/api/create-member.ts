import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import type { User } from "@/types/api";
import { membersKey } from "./get-members";

export type NewMember = components["schemas"]["CreateUser"];

export async function createMember(member: NewMember): Promise<User> {
  const { data, error, response } = await api.POST("/api/v1/users", { body: member });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useCreateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createMember,
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey }),
  });
}
