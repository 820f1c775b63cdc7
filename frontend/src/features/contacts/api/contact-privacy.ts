import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, authorizedFetch, defaultBaseUrl, toApiError } from "@/lib/api-client";
import type { Contact, Erasure } from "@/types/api";
import { contactKey } from "./contact";

export async function restrictContact(id: number): Promise<Contact> {
  const { data, error, response } = await api.PUT("/api/v1/contacts/{id}/restriction", { params: { path: { id } } });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export async function liftRestriction(id: number): Promise<Contact> {
  const { data, error, response } = await api.DELETE("/api/v1/contacts/{id}/restriction", { params: { path: { id } } });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

/** Deletes the person and everything held about them; the answer counts what went. */
export async function eraseContact(id: number): Promise<Erasure> {
  const { data, error, response } = await api.DELETE("/api/v1/contacts/{id}", { params: { path: { id } } });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

/** Everything held about the person, as the JSON document the server assembles. */
export async function exportContact(id: number): Promise<Blob> {
  const request = new Request(`${defaultBaseUrl()}/api/v1/contacts/${id}/export`, {
    headers: { Accept: "application/json, application/problem+json" },
  });
  const response = await authorizedFetch(request, (r) => globalThis.fetch(r));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw toApiError(response, body);
  }
  return response.blob();
}

export const exportFilename = (id: number) => `contact-${id}-export.json`;

export function useSetRestriction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, restricted }: { id: number; restricted: boolean }) =>
      restricted ? restrictContact(id) : liftRestriction(id),
    onSuccess: (contact) => {
      client.setQueryData(contactKey(contact.id), contact);
    },
  });
}

/**
 * The caller forgets the erased contact's cached data (`forgetContact`) once it has moved
 * away from the screens showing it: forgetting earlier would refetch them and get 404s.
 */
export function useEraseContact() {
  return useMutation({ mutationFn: eraseContact });
}

export function forgetContact(client: QueryClient, id: number) {
  client.removeQueries({ queryKey: contactKey(id), exact: true });
}
