import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { components } from "@/lib/api/schema";
import { toApiError } from "@/lib/api-client";
import { clearAllDrafts } from "@/lib/drafts";
import { authApi, refreshAccessToken, resetRefresh, scheduleRefresh } from "./refresh";
import { endSession, getSessionState, startSession, type TokenResponse } from "./session-store";

export type LoginRequest = Pick<components["schemas"]["LoginRequest"], "email" | "password">;

export async function login(credentials: LoginRequest): Promise<TokenResponse> {
  const { data, error, response } = await authApi.POST("/api/v1/auth/login", {
    body: { ...credentials, token_delivery: "cookie" },
  });
  if (data === undefined) throw toApiError(response, error);
  startSession(data);
  scheduleRefresh();
  return data;
}

/**
 * Asks the server for a session with the refresh cookie (after a page load). Resolves once
 * the store knows whether the browser is signed in; rejects when the server is unreachable.
 */
export async function restoreSession(): Promise<void> {
  if (getSessionState().status !== "unknown") return;
  await refreshAccessToken();
}

/** Ends the session on the server and forgets everything this tab knew. */
export async function logout(): Promise<void> {
  try {
    await authApi.POST("/api/v1/auth/logout", {});
  } catch {
    // Offline: the cookie is dropped with the session below; the server expires it later.
  }
  resetRefresh();
  clearAllDrafts();
  endSession("logged-out");
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (session) => {
      // Another person signing in on this browser must not see cached data of the last one.
      const cachedUser = queryClient.getQueryData<{ id: number }>(["session-user"]);
      if (cachedUser && cachedUser.id !== session.user.id) queryClient.clear();
      queryClient.setQueryData(["session-user"], { id: session.user.id });
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      queryClient.clear();
    },
  });
}
