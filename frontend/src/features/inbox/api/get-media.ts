import { queryOptions, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, toApiError } from "@/lib/api-client";

/** The content of a stored media file; the request carries the session's token. */
export async function getMedia({ id, signal }: { id: number; signal?: AbortSignal }): Promise<Blob> {
  const { data, error, response } = await api.GET("/api/v1/media/{id}", {
    params: { path: { id } },
    parseAs: "blob",
    signal,
  });
  if (data === undefined) throw toApiError(response, error);
  return data;
}

export function getMediaQueryOptions(id: number) {
  return queryOptions({
    queryKey: ["media", id],
    queryFn: ({ signal }) => getMedia({ id, signal }),
    // Stored media never changes; keep it while the thread is around.
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
}

/**
 * An object URL for a media file, revoked when the component unmounts. `enabled` lets
 * documents wait for a click instead of downloading everything on sight.
 */
export function useMediaUrl(id: number | null | undefined, enabled = true) {
  const query = useQuery({ ...getMediaQueryOptions(id ?? 0), enabled: enabled && id != null });
  const blob = query.data;
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return;
    const objectUrl = URL.createObjectURL(blob);
    // The object URL is an external resource: created here, revoked by the cleanup.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setUrl(objectUrl);
    return () => {
      URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [blob]);
  return { url, error: query.error, isLoading: query.isLoading, fetch: query.refetch };
}
