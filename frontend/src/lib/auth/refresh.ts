import createClient from "openapi-fetch";
import type { paths } from "@/lib/api/schema";
import {
  accessTokenLifetimeLeft,
  endSession,
  getAccessToken,
  getSessionState,
  startSession,
} from "./session-store";

/** Refresh this long before the access token expires, so requests never wait for it. */
export const REFRESH_MARGIN_MS = 60_000;

/** Unauthenticated client for the `/auth` endpoints (the refresh cookie is the credential). */
export const authApi = createClient<paths>({
  baseUrl:
    typeof window !== "undefined" && window.location.origin !== "null"
      ? window.location.origin
      : "http://localhost",
  fetch: (request) => globalThis.fetch(request),
  headers: { Accept: "application/json, application/problem+json" },
  credentials: "same-origin",
});

let inFlight: Promise<string | null> | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * Refresh tokens rotate and a reused one ends the whole sign-in, so two tabs must never
 * refresh at the same time: the Web Locks API serialises them (each tab then presents the
 * newest cookie). Browsers without it fall back to the per-tab single flight.
 */
async function withCrossTabLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return work();
  return locks.request("winmessages-token-refresh", work);
}

async function exchangeRefreshCookie(): Promise<string | null> {
  const { data, response } = await authApi.POST("/api/v1/auth/refresh", {});
  if (data) {
    startSession(data);
    scheduleRefresh();
    return data.access_token;
  }
  if (response.status === 401) {
    cancelScheduledRefresh();
    // Without a session in this tab (a page load), a refused cookie just means "not signed in".
    endSession(getSessionState().status === "signed-in" ? "expired" : "none");
    return null;
  }
  throw new Error(`Refreshing the session failed with status ${response.status}`);
}

/**
 * Gets a new access token. Concurrent callers share one request; resolves null when the
 * session has ended (the store then says `signed-out`, reason `expired`).
 */
export function refreshAccessToken(): Promise<string | null> {
  inFlight ??= withCrossTabLock(exchangeRefreshCookie).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/**
 * A token for a request that was refused with `rejectedToken`: when another request already
 * refreshed meanwhile, its token is reused instead of refreshing again.
 */
export function tokenAfterRejection(rejectedToken: string | null): Promise<string | null> {
  const current = getAccessToken();
  if (current !== null && current !== rejectedToken) return Promise.resolve(current);
  return refreshAccessToken();
}

export function cancelScheduledRefresh() {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

/** Plans the next silent refresh shortly before the access token expires. */
export function scheduleRefresh() {
  cancelScheduledRefresh();
  const left = accessTokenLifetimeLeft();
  if (left === null) return;
  timer = setTimeout(() => {
    timer = null;
    // A network failure here is not fatal: the next 401 triggers another attempt.
    refreshAccessToken().catch(() => undefined);
  }, Math.max(0, left - REFRESH_MARGIN_MS));
}

/** Forgets in-flight work and timers (tests, logout). */
export function resetRefresh() {
  cancelScheduledRefresh();
  inFlight = null;
}
