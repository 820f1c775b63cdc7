import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { api, toApiError } from "@/lib/api-client";
import type { Contact } from "@/types/api";

export type ContactChanges = components["schemas"]["UpdateContact"];

export async function getContact({ id, signal }: { id: number; signal?: AbortSignal }): Promise<Contact> {
  const { data, error, response } = await api.GET("/api/v1/contacts/{id}", { params: { path: { id } }, signal });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export const contactKey = (id: number) => ["contacts", "detail", id] as const;

export function getContactQueryOptions(id: number) {
  return queryOptions({ queryKey: contactKey(id), queryFn: ({ signal }) => getContact({ id, signal }) });
}

export function useContact(id: number) {
  return useQuery(getContactQueryOptions(id));
}

export async function updateContact({ id, changes }: { id: number; changes: ContactChanges }): Promise<Contact> {
  const { data, error, response } = await api.PATCH("/api/v1/contacts/{id}", {
    params: { path: { id } },
    body: changes,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function useUpdateContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateContact,
    onSuccess: (contact) => {
      client.setQueryData(contactKey(contact.id), contact);
      // Conversations embed the contact's name: refresh the lists and open conversation.
      void client.invalidateQueries({ queryKey: ["conversations"] });
    },
  });
}
